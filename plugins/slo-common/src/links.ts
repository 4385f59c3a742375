/**
 * The portal path of an entity's runbook: its TechDocs page rendered from docs/runbook.md, the
 * page the blueprint's alerts point at (`runbook_url`). TechDocs routes are lower case.
 *
 * @public
 */
export function runbookPath(entity: {
  kind: string;
  namespace?: string;
  name: string;
}): string {
  const part = (text: string) => encodeURIComponent(text.toLowerCase());
  return `/docs/${part(entity.namespace || 'default')}/${part(
    entity.kind,
  )}/${part(entity.name)}/runbook/`;
}

/**
 * A Grafana dashboard's address from Grafana's base URL (a path prefix is kept) and the
 * dashboard's uid: Grafana resolves `/d/<uid>` to the dashboard whatever its title.
 *
 * @public
 */
export function grafanaDashboardUrl(baseUrl: string, uid: string): string {
  return `${baseUrl.trim().replace(/\/+$/, '')}/d/${encodeURIComponent(uid)}`;
}
