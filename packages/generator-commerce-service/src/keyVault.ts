import { createHash } from 'node:crypto';
import type { ServiceEnvironment } from './environments.ts';

/**
 * Each service environment's own Key Vault (docs/decisions/0041-registry-and-vault-per-service-identity.md):
 * in the environment's resource group, created by the portal (infra/modules/delivery-access.bicep,
 * which also lets only that environment's workload identity read it), written by the deploy
 * identity (infra/main.bicep, through ARM), read by the pod (KEY_VAULT_URL in its ConfigMap).
 *
 * The name is known when the service is generated, so the ConfigMap carries the real URL and the
 * two Bicep files cannot disagree: `kv-<name without hyphens, 8 at most>-<env>-<6 hex>`, where
 * the hex digits hash the organisation, the name and the environment (vault names are global
 * DNS names: two services whose names share their first 8 letters still differ). At most 23 of
 * the 24 characters Key Vault allows; letters, digits and single hyphens only.
 */
export function serviceKeyVaultName(
  githubOrg: string,
  serviceName: string,
  environment: ServiceEnvironment,
): string {
  const short = serviceName.replace(/-/g, '').slice(0, 8);
  const hash = createHash('sha256')
    .update(`${githubOrg}/${serviceName}/${environment}`)
    .digest('hex')
    .slice(0, 6);
  return `kv-${short}-${environment}-${hash}`;
}

/** The vault's URL as the Key Vault SDK takes it (KEY_VAULT_URL). */
export function serviceKeyVaultUrl(vaultName: string): string {
  return `https://${vaultName}.vault.azure.net/`;
}

/** Key Vault's rule for a vault name: 3-24 characters, a letter first, no "--", no trailing "-". */
export const keyVaultNamePattern =
  /^(?=.{3,24}$)[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/;
