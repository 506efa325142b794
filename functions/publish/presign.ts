/**
 * Presigned GET links to report objects, for the email, with the SDK's own presigner, and how long they truly work.
 *
 * A presigned URL stops working when the credentials that signed it expire, whatever its X-Amz-Expires says: links
 * signed with a Lambda role's session credentials last hours, not the configured days. So the lifetime given to
 * the presigner, and stated in the email, is the earlier of the requested one and the credentials' expiration.
 */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { floorToMinute, type LinkIssuer } from '../links/issuer.js';
import type { LinkExpiryLimit } from '../report/email.js';

/** SigV4 refuses presigned URLs valid for longer than seven days. */
export const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

/** When a presigned link is signed and for how long, as the presigner takes them. */
export interface PresignValidity {
  expiresInSeconds: number;
  /** Unset: the time of signing. Set so that the URL ends exactly when the email says it does. */
  signingDate?: Date;
}

export interface PresignOptions extends PresignValidity {
  /** The client whose region, credentials and endpoint (path-style for an emulator) sign the link. */
  client: S3Client;
  bucket: string;
}

export async function presignGetUrl(key: string, options: PresignOptions): Promise<string> {
  const expiresIn = Math.max(1, Math.min(Math.floor(options.expiresInSeconds), MAX_PRESIGN_SECONDS));
  return getSignedUrl(options.client, new GetObjectCommand({ Bucket: options.bucket, Key: key }), {
    expiresIn,
    ...(options.signingDate ? { signingDate: options.signingDate } : {}),
  });
}

/** What the credential provider tells about the credentials that sign the links. */
export interface SigningCredentials {
  /** A session token comes with them: STS, an assumed role, a Lambda execution role. */
  temporary: boolean;
  /** When they stop being accepted, if the provider says (Lambda's environment credentials do not). */
  expiration?: Date;
}

/** The credentials `client` signs with now, as its (memoized) provider resolves them for the presigner. */
export async function signingCredentials(client: S3Client): Promise<SigningCredentials> {
  const identity = await client.config.credentials();
  return {
    temporary: Boolean(identity.sessionToken),
    ...(identity.expiration ? { expiration: identity.expiration } : {}),
  };
}

/** The validity to presign every link of one email with, and what the email may say about it. */
export interface LinkLifetime extends Required<PresignValidity> {
  /** signingDate + expiresInSeconds: when the URLs stop working (at the latest, for 'temporary-credentials'). */
  expiresAt: Date;
  limit: LinkExpiryLimit;
}

/**
 * The earlier of the requested lifetime (capped at SigV4's seven days) and the credentials' expiration, rounded
 * down to the minute because the email shows minutes: the URL then ends exactly at the time the email states.
 */
export function linkLifetime(now: Date, requestedDays: number, credentials: SigningCredentials): LinkLifetime {
  // X-Amz-Date has whole seconds; signing at a whole second keeps signingDate + expiresInSeconds exact.
  const signingDate = new Date(Math.floor(now.getTime() / 1000) * 1000);
  const requestedSeconds = Math.min(Math.floor(requestedDays * 86_400), MAX_PRESIGN_SECONDS);
  const requestedEnd = signingDate.getTime() + requestedSeconds * 1000;
  const credentialsEnd = knownTime(credentials.expiration);
  const limit = expiryLimit(requestedEnd, credentialsEnd, credentials.temporary);
  const end = limit === 'credentials' && credentialsEnd !== undefined ? credentialsEnd : requestedEnd;
  const minute = floorToMinute(end);
  // Credentials about to expire still get a valid (if short-lived) URL, stated with its true end.
  const expiresInSeconds = Math.max(1, (minute - signingDate.getTime()) / 1000);
  return {
    signingDate,
    expiresInSeconds,
    expiresAt: new Date(signingDate.getTime() + expiresInSeconds * 1000),
    limit,
  };
}

function knownTime(date: Date | undefined): number | undefined {
  const t = date?.getTime();
  return t === undefined || Number.isNaN(t) ? undefined : t;
}

/** Which end comes first; without a known expiration, temporary credentials make the requested one a bound only. */
function expiryLimit(requestedEnd: number, credentialsEnd: number | undefined, temporary: boolean): LinkExpiryLimit {
  if (credentialsEnd !== undefined) return credentialsEnd < requestedEnd ? 'credentials' : 'requested';
  return temporary ? 'temporary-credentials' : 'requested';
}

/** Presigned S3 URLs for the email, with the lifetime `linkLifetime` gives the credentials `presign` signs with. */
export function presignedLinks(
  presign: (key: string, validity: Required<PresignValidity>) => Promise<string>,
  credentials: () => Promise<SigningCredentials>,
): LinkIssuer {
  return async (now, requestedDays) => {
    const lifetime = linkLifetime(now, requestedDays, await credentials());
    const { signingDate, expiresInSeconds } = lifetime;
    return {
      expiresAt: lifetime.expiresAt,
      limit: lifetime.limit,
      url: (key) => presign(key, { signingDate, expiresInSeconds }),
    };
  };
}
