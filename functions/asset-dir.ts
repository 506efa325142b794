/**
 * Where the files the code reads at run time (templates, fonts, pdfkit's colour profile, the demo cluster) are when
 * the code runs as a bundle rather than from the checkout. Two bundles exist: a Lambda asset, whose function names
 * its folder in EKS_COMPLIANCE_ASSET_DIR (infra/constructs/reporter-function.ts), and the installable CLI
 * (infra/cli-bundle.ts), which defines EKS_COMPLIANCE_ASSETS_BESIDE_CODE at build time because its files sit beside
 * its chunks. From the checkout neither is set and each reader uses its own path in the repository.
 */
import { pathToFileURL } from 'node:url';

/** The asset folder (ending in a slash), or undefined when running from the checkout. */
export function assetDir(env: NodeJS.ProcessEnv = process.env): URL | undefined {
  const dir = env.EKS_COMPLIANCE_ASSET_DIR;
  if (dir) return pathToFileURL(dir.endsWith('/') ? dir : `${dir}/`);
  // esbuild replaces this expression with a constant in the CLI bundle; every chunk lies in the bundle's folder.
  if (process.env.EKS_COMPLIANCE_ASSETS_BESIDE_CODE === 'true') return new URL('./', import.meta.url);
  return undefined;
}
