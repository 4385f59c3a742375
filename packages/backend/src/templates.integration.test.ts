import fs from 'node:fs';
import path from 'node:path';
import {
  eventually,
  PortalBackend,
  repoRoot,
  serviceTemplates,
  startPortalBackend,
} from '@internal/tools';

// The commerce-service templates run through the real scaffolder's dry-run API, which runs
// every step (the blueprint included; publishing, registering and deploying only say what they
// would do). The platform run (packages/tools/src/platformRun.integration.test.ts) publishes the same blueprint's
// four kinds for real and runs each repository's own install, checks and tests.
const kinds = serviceTemplates.map(t => t.kind);
const outRoot = path.join(repoRoot, '.data', 'scaffolded');

const values = (kind: string) => ({
  name: `${kind}-service`,
  description: `The ${kind} service, scaffolded by the portal's tests.`,
  owner: 'group:default/checkout-team',
  system: 'system:default/commerce-platform',
  availability: 99.95,
  latencyP95Ms: 100,
  region: 'westeurope',
  monthlyBudgetUsd: 250,
});

describe('commerce-service templates through the scaffolder', () => {
  let backend: PortalBackend;
  const templates = new Map<string, any>();

  beforeAll(async () => {
    backend = await startPortalBackend({
      database: { client: 'better-sqlite3' },
    });
    const found = await Promise.all(
      kinds.map(kind =>
        eventually(async () => {
          const { status, body } = await backend.getJson(
            `/api/catalog/entities/by-name/template/default/${kind}-service`,
          );
          return status === 200 ? body : undefined;
        }, `the ${kind}-service template in the catalog`),
      ),
    );
    kinds.forEach((kind, i) => templates.set(kind, found[i]));
  }, 180_000);

  afterAll(async () => {
    await backend?.stop();
  }, 60_000);

  const dryRun = (kind: string, input: Record<string, unknown>) =>
    backend.postJson('/api/scaffolder/v2/dry-run', {
      template: templates.get(kind),
      values: input,
      secrets: {},
      directoryContents: [],
    });

  it.each(kinds)(
    '%s-service: generates the service and walks every step',
    async kind => {
      const { status, body } = await dryRun(kind, values(kind));
      expect(status).toBe(200);
      const failed = body.log.filter((l: any) => l.body.status === 'failed');
      expect(failed).toEqual([]);

      const out = path.join(outRoot, `${kind}-service`);
      fs.rmSync(out, { recursive: true, force: true });
      for (const file of body.directoryContents) {
        const target = path.join(out, file.path);
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, Buffer.from(file.base64Content, 'base64'));
      }
      const files = body.directoryContents.map((f: any) => f.path);
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'openapi.yaml',
          'catalog-info.yaml',
          'src/store.ts',
        ]),
      );
      expect(
        fs.readFileSync(path.join(out, 'catalog-info.yaml'), 'utf8'),
      ).toContain('owner: group:default/checkout-team');

      // Every later step ran and said what it would do.
      const stepIds = new Set(body.steps.map((st: any) => st.id));
      for (const id of [
        'publish-local',
        'register-local',
        'resource-group',
        'deploy',
        'gitops-dev',
        'gitops-prod',
      ]) {
        expect(stepIds).toContain(id);
      }
    },
    15 * 60_000,
  );

  it('rejects a bad name with the rule it breaks', async () => {
    const { status, body } = await dryRun('cart', {
      ...values('cart'),
      name: 'Cart_Service',
    });
    expect(status).toBe(400);
    expect(body.errors[0].path).toEqual(['name']);
    expect(body.errors[0].schema['ui:help']).toMatch(/Lowercase letters/);
  });

  it('rejects a negative budget', async () => {
    const { status, body } = await dryRun('cart', {
      ...values('cart'),
      monthlyBudgetUsd: -50,
    });
    expect(status).toBe(400);
    expect(body.errors[0].path).toEqual(['monthlyBudgetUsd']);
  });

  it('stops at the first step when the owner is not a catalog group', async () => {
    const { status, body } = await dryRun('cart', {
      ...values('cart'),
      owner: 'group:default/ghost-team',
    });
    expect({ status, name: body.error?.name }).toEqual({
      status: 400,
      name: 'InputError',
    });
    expect(body.error.message).toMatch(
      /Owner "group:default\/ghost-team" is not a group in the catalog/,
    );
  });
});
