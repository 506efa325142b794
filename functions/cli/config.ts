/**
 * `--config FILE` for the CLI: the same file and schema as `cdk deploy` and the Lambda handlers
 * (functions/config/). The CLI uses the parts that shape a scan: frameworks, waivers, attestations, the approved
 * registries and the score threshold, and for the PDF's document control the classification, distribution and
 * recipients.
 */
import { ConfigError, loadConfig } from '../config/load.js';
import type { ReporterConfig } from '../config/types.js';
import type { ScanConfig } from '../pipeline.js';
import { InputError } from '../snapshot/io.js';

export interface CliConfig {
  scan: ScanConfig;
  frameworks: ReporterConfig['frameworks'];
  failUnder?: number;
}

export function toCliConfig(config: ReporterConfig): CliConfig {
  return {
    scan: {
      waivers: config.waivers,
      attestations: config.attestations,
      approvedRegistries: config.scan.approvedRegistries,
      documentControl: {
        classification: config.report.classification,
        distribution: config.report.distribution,
        recipients: config.report.recipients,
      },
    },
    frameworks: config.frameworks,
    failUnder: config.report.failUnder,
  };
}

/** Loads and validates the config; the first problem becomes the one-line error ("FILE:LINE: key: problem"). */
export function loadCliConfig(file: string): CliConfig {
  return toCliConfig(loadReporterConfig(file));
}

/** The whole config (for `run`), with the same one-line errors. */
export function loadReporterConfig(file: string): ReporterConfig {
  try {
    return loadConfig(file);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    const [first] = err.problems;
    const more = err.problems.length > 1 ? ` (and ${err.problems.length - 1} more problems)` : '';
    const separator = first.indexOf(': ');
    throw new InputError(first.slice(0, separator), `${first.slice(separator + 2)}${more}`);
  }
}
