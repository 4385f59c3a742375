import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import {
  callPortal,
  eventually,
  PortalBackend,
  repoRoot,
  runTemplate,
  startPortalBackend,
} from '@internal/tools';

// Issue #14 item 11: the static API token is a service credential, which the permission policy
// never sees, so its `accessRestrictions` (and the read-only rule for its catalog entry,
// apiTokenPermissionsServiceFactory) are all that limits its holder. The real backend runs with
// the production token's restrictions (read from app-config.production.yaml): what the
// platform-run command calls works, everything else is refused.

function productionRestrictions(): unknown[] {
  const config = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf8'),
  );
  const [token] = config.backend.auth.externalAccess;
  return token.accessRestrictions;
}

/** The restrictions `./portal start` gives the local token (it writes them as JSON). */
function localRestrictions(): unknown[] {
  const script = fs.readFileSync(path.join(repoRoot, 'portal'), 'utf8');
  const match = /^API_TOKEN_ACCESS_RESTRICTIONS='(.*)'$/m.exec(script);
  if (!match) {
    throw new Error('./portal no longer defines API_TOKEN_ACCESS_RESTRICTIONS');
  }
  return JSON.parse(match[1]!);
}

describe('the production API token', () => {
  it('is restricted, locally the same way as in production', () => {
    const restrictions = productionRestrictions();
    expect(restrictions).toEqual(
      expect.arrayContaining([expect.objectContaining({ plugin: 'catalog' })]),
    );
    expect(localRestrictions()).toEqual(restrictions);
  });
});

describe('the production API token, on the real backend', () => {
  let backend: PortalBackend;
  let repositories: string;

  const call = (
    urlPath: string,
    options: { body?: unknown; method?: 'GET' | 'POST' | 'DELETE' } = {},
  ) =>
    callPortal<any>(
      `${backend.baseUrl}${urlPath}`,
      backend.token,
      options.body,
      options.method,
    );

  beforeAll(async () => {
    repositories = fs.mkdtempSync(path.join(os.tmpdir(), 'api-token-'));
    backend = await startPortalBackend({
      database: { client: 'better-sqlite3' },
      tokenAccessRestrictions: productionRestrictions(),
      config: { 'commerce.publish.local.directory': repositories },
    });
    await eventually(async () => {
      const { status } = await backend.getJson(
        '/api/catalog/entities/by-name/template/default/order-service',
      );
      return status === 200 ? true : undefined;
    }, 'the order-service template in the catalog');
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
    fs.rmSync(repositories, { recursive: true, force: true });
  }, 60_000);

  it('runs a template the way the platform-run command does', async () => {
    const result = await runTemplate({
      backendUrl: backend.baseUrl,
      token: backend.token,
      templateRef: 'template:default/order-service',
      values: {
        name: 'token-order-service',
        owner: 'group:default/checkout-team',
        description: 'Created by the API token test.',
        system: 'system:default/commerce-platform',
        availability: 99.95,
        latencyP95Ms: 150,
        region: 'westeurope',
        monthlyBudgetUsd: 200,
      },
      pollMs: 250,
    });
    expect(result.failure).toBeUndefined();
    expect(result.status).toBe('completed');
  }, 240_000);

  it('may read the catalog, but not delete an entity or register a location', async () => {
    const portal = await call(
      '/api/catalog/entities/by-name/component/default/commerce-platform-portal',
    );
    expect(portal.status).toBe(200);

    const deleted = await call(
      `/api/catalog/entities/by-uid/${portal.body.metadata.uid}`,
      { method: 'DELETE' },
    );
    expect(deleted.status).toBe(403);
    const registered = await call('/api/catalog/locations', {
      body: { type: 'url', target: 'https://example.com/catalog-info.yaml' },
    });
    expect(registered.status).toBe(403);

    // Still there.
    const again = await call(
      '/api/catalog/entities/by-name/component/default/commerce-platform-portal',
    );
    expect(again.status).toBe(200);
  });

  it('may not reach the plugins the platform run does not use', async () => {
    for (const urlPath of [
      '/api/platform-review/v1/review',
      '/api/kubernetes/clusters',
      '/api/search/query?term=order',
    ]) {
      const res = await call(urlPath);
      expect({ urlPath, status: res.status }).toEqual({ urlPath, status: 403 });
    }
  });

  it('may not manage templates or cancel a run', async () => {
    const dryRun = await call('/api/scaffolder/v2/dry-run', {
      body: { template: {}, values: {}, directoryContents: [] },
    });
    expect(dryRun.status).toBe(403);
    const { body: tasks } = await call('/api/scaffolder/v2/tasks');
    const [task] = tasks.tasks ?? [];
    expect(task).toBeDefined();
    const cancel = await call(`/api/scaffolder/v2/tasks/${task.id}/cancel`, {
      body: {},
    });
    expect(cancel.status).toBe(403);
  });
});
