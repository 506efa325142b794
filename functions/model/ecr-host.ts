/**
 * Private Amazon ECR registry host names: `ACCOUNT.dkr.ecr[-fips].REGION.amazonaws.com`, `.amazonaws.com.cn` in the
 * China Regions and `.amazonaws.eu` in the European Sovereign Cloud (ECR user guide, "Amazon ECR private registry").
 * The one reader of them, used by the collector (which images to look up in ECR) and by the checks (whose registry
 * an image comes from).
 */

export interface EcrRegistryHost {
  /** The 12-digit AWS account that owns the registry. */
  accountId: string;
  region: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.(?:com|com\.cn|eu)$/;

/** The account and Region of a private ECR registry host, or undefined for any other host (case-insensitive). */
export function parseEcrRegistryHost(host: string): EcrRegistryHost | undefined {
  const m = ECR_HOST.exec(host.toLowerCase());
  return m ? { accountId: m[1], region: m[2] } : undefined;
}
