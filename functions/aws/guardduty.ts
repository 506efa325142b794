/** GuardDuty collector: the region's detector and its EKS protection features. */
import { GetDetectorCommand, type GuardDutyClient, paginateListDetectors } from '@aws-sdk/client-guardduty';
import type { GuardDutyFact } from '../model/aws-facts.js';
import { call } from './errors.js';

/** The first detector of the region (GuardDuty allows one per account and region), or null when there is none. */
export async function collectGuardDuty(client: GuardDutyClient): Promise<GuardDutyFact | null> {
  let detectorId: string | undefined;
  await call('guardduty:ListDetectors', async () => {
    for await (const page of paginateListDetectors({ client }, {})) {
      detectorId ??= page.DetectorIds?.[0];
      if (detectorId) break;
    }
  });
  if (!detectorId) return null;
  const id = detectorId;
  const res = await call('guardduty:GetDetector', () => client.send(new GetDetectorCommand({ DetectorId: id })));
  const fact: GuardDutyFact = {
    detectorId: id,
    features: (res.Features ?? []).map((f) => ({
      ...(f.Name ? { name: f.Name } : {}),
      ...(f.Status ? { status: f.Status } : {}),
      additionalConfiguration: (f.AdditionalConfiguration ?? []).map((a) => ({
        ...(a.Name ? { name: a.Name } : {}),
        ...(a.Status ? { status: a.Status } : {}),
      })),
    })),
  };
  if (res.Status) fact.status = res.Status;
  return fact;
}
