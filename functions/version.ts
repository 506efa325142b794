import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'eks-compliance-reporter' as const;

function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    // In a Lambda bundle package.json is not beside the code; esbuild defines the version instead.
    return process.env.EKS_COMPLIANCE_VERSION ?? '0.0.0';
  }
}

export const TOOL_VERSION: string = readVersion();
