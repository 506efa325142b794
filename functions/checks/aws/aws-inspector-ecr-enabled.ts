import type { CheckDefinition } from '../types.js';
import { awsFinding, awsSeen, FAMILY, fact, factInputs, outcome, show, showWhole } from './shared.js';

/** Risk area 2: enhanced (Inspector) scanning rescans images when new CVEs appear; basic scanning does not. */
export const awsInspectorEcrEnabled: CheckDefinition = {
  id: 'aws-inspector-ecr-enabled',
  title: 'Amazon Inspector scans ECR images continuously',
  severity: 'low',
  family: FAMILY,
  rationale:
    'Basic ECR scanning looks at an image once, on push. Images run for months; Inspector enhanced scanning rescans ' +
    'them as new vulnerabilities are published and covers language packages as well as OS packages.',
  remediation:
    'Enable Inspector for ECR: `aws inspector2 enable --resource-types ECR`, and set the registry scan type to ' +
    'ENHANCED with a CONTINUOUS_SCAN rule.',
  references: {},
  inputs: factInputs('inspector'),
  evaluate(snapshot) {
    const state = fact(snapshot, 'inspector');
    const status = state?.ecr?.status;
    const failing =
      status === 'ENABLED'
        ? []
        : [awsFinding('Inspector', 'ecr', `Inspector ECR scanning is ${show(status, 'not enabled')}`)];
    return outcome({
      evaluated: [awsSeen('Inspector', 'ecr', `resourceState.ecr.status: ${showWhole(status, 'not reported')}`)],
      failing,
      ifNoneEvaluated: 'no Inspector account state',
    });
  },
};
