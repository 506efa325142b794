import { readFileSync } from 'node:fs';

export const TOOL_NAME = 'eks-compliance-reporter' as const;

/** The fields of package.json that describe the tool: package.json is their one source. */
interface PackageFacts {
  version?: string;
  description?: string;
  homepage?: string;
  author?: string | { name?: string };
}

function readPackage(): PackageFacts | undefined {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageFacts;
  } catch {
    return undefined;
  }
}

const pkg = readPackage();

// In a Lambda bundle package.json is not beside the code; esbuild defines the version instead.
export const TOOL_VERSION: string = pkg?.version ?? process.env.EKS_COMPLIANCE_VERSION ?? '0.0.0';

/** package.json's description: what the tool is, for SARIF's driver and similar self-descriptions. */
export const TOOL_DESCRIPTION: string | undefined = pkg?.description;

/** package.json's `homepage`, when the package declares one (SARIF's informationUri); absent otherwise. */
export const TOOL_HOMEPAGE: string | undefined = pkg?.homepage;

/** package.json's `author` (its name), when declared (SARIF's organization); absent otherwise. */
export const TOOL_ORGANIZATION: string | undefined = authorName(pkg?.author);

/** npm's author is "Name <email> (url)" or { name, email, url }: the name alone. */
function authorName(author: PackageFacts['author']): string | undefined {
  const name = typeof author === 'string' ? author.replace(/\s*[<(].*$/, '') : author?.name;
  return name?.trim() || undefined;
}
