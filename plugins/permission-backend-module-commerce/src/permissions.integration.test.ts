import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { parseEntityRef } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import permissionPlugin from '@backstage/plugin-permission-backend';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import localRepositoriesReader from '@internal/plugin-local-repositories-backend';
import {
  createPublishLocalAction,
  createRegisterLocalAction,
  createValidateServiceAction,
} from '@internal/plugin-scaffolder-backend-module-commerce';
import fs from 'fs-extra';
import request from 'supertest';
import commercePolicyModule from './index';
import {
  authWithActors,
  people,
  type Person,
  signedInUserInfo,
} from './__testUtils__/signedInPeople';

/*
 * The acceptance of issue #8's permissions: a guest, an owner, a non-owner and a platform
 * engineer each try each protected action through the real permission, catalog and scaffolder
 * backends with this policy installed, and only the allowed attempts pass.
 *
 * The catalog holds the portal's real teams (catalog/org.yaml) and real templates
 * (templates/order-service, templates/commerce-platform). The commerce actions are stand-ins
 * that record what they were asked to do: what is under test is who the scaffolder lets run
 * them, which it decides before an action starts. Except publishing and registration: the real
 * commerce:publish:local publishes what the stand-in generator wrote, and the real
 * commerce:catalog:register-local registers it with the scaffolder's own credentials, so an owner
 * outside the platform team gets their service in the catalog although they may not register
 * locations themselves.
 */

// Test-only code that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');

const catalogFiles = createMockDirectory();
const fileUrl = (name: string) =>
  pathToFileURL(catalogFiles.resolve(name)).href;
/** Where services are published locally (commerce.publish.local.directory). */
const repositories = (name: string) =>
  catalogFiles.resolve('repositories', name);

/** One recorded run of a stand-in action. */
interface ActionRun {
  action: string;
  user?: string;
  input: Record<string, any>;
}
const actionRuns: ActionRun[] = [];

/**
 * The commerce actions the two templates use (and run:yeoman, publish:github), answering with the outputs the
 * templates read from the real ones, as in a local run without Azure or GitOps configured.
 */
const standInActions = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'commerce-stand-ins',
  register(reg) {
    reg.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ scaffolder, catalog, auth, config, userInfo }) {
        scaffolder.addActions(
          // The real first step: it refuses a run for another team itself, in words.
          createValidateServiceAction({ catalog, auth, userInfo, config }),
          createPublishLocalAction({ config }),
          createRegisterLocalAction({ config, catalog, auth, userInfo }),
        );
        const outputs: Record<
          string,
          (input: any, workspacePath: string) => Record<string, any>
        > = {
          'commerce:platform:targets': () => ({ publishTarget: 'local' }),
          // The generated service: its catalog file is what the publish step publishes.
          'run:yeoman': ({ options }, workspacePath) => {
            fs.outputFileSync(
              path.join(
                workspacePath,
                options.destination ?? '.',
                'catalog-info.yaml',
              ),
              component(options.name, parseEntityRef(options.owner).name),
            );
            return {};
          },
          // Looked up even when their steps are skipped (publishTarget is local).
          'commerce:github:repository-state': () => ({}),
          'publish:github': () => ({}),
          'publish:github:pull-request': () => ({}),
          'commerce:catalog:register': () => ({}),
          'github:environment:create': () => ({}),
          'commerce:github:environment-variables': () => ({}),
          'commerce:platform:fetch-infra': () => ({
            templatePath: 'platform-infra/main.bicep',
            skipped: false,
          }),
          'commerce:azure:resource-group': () => ({
            skipped: true,
            skipReason: 'stand-in',
          }),
          'commerce:azure:deploy': () => ({
            skipped: true,
            skipReason: 'stand-in',
          }),
          'commerce:gitops:register': () => ({
            skipped: true,
            skipReason: 'stand-in',
          }),
        };
        scaffolder.addActions(
          ...Object.entries(outputs).map(([id, output]) =>
            createTemplateAction({
              id,
              async handler(ctx) {
                const input = ctx.input as Record<string, any>;
                actionRuns.push({ action: id, user: ctx.user?.ref, input });
                for (const [name, value] of Object.entries(
                  output(input, ctx.workspacePath),
                )) {
                  ctx.output(name, value);
                }
              },
            }),
          ),
        );
      },
    });
  },
});

type Outcome = 'allowed' | 'denied';

/** Waits for a task to end; allowed when it completed, denied when a step was not allowed. */
async function taskOutcome(
  server: Parameters<typeof request>[0],
  taskId: string,
  person: Person,
): Promise<Outcome | string> {
  const auth = mockCredentials.user.header(people[person][0]);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const task = await request(server)
      .get(`/api/scaffolder/v2/tasks/${taskId}`)
      .set('Authorization', auth);
    const { status } = task.body;
    if (status === 'completed') {
      return 'allowed';
    }
    if (status === 'failed' || Date.now() > deadline) {
      const events = await request(server)
        .get(`/api/scaffolder/v2/tasks/${taskId}/events`)
        .set('Authorization', auth);
      const log = (events.body as { body: { message?: string } }[])
        .map(e => e.body.message)
        .filter(Boolean)
        .join('\n');
      // Refused by the policy (the scaffolder's words) or by the first step's own owner check.
      return status === 'failed' &&
        /Unauthorized action: |are not a member of group:/.test(log)
        ? 'denied'
        : `task ${status}:\n${log}`;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}

describe('the commerce permission policy, through the real backend', () => {
  let server: Parameters<typeof request>[0];
  let checkoutApiUid: string;

  beforeAll(async () => {
    catalogFiles.setContent({
      // Not one of the services the platform template registers (it registers new ones only).
      'services.yaml': component('checkout-api', 'checkout-team'),
      'new-service.yaml': component('new-service', 'catalog-team'),
      'scaffolded-service.yaml': component(
        'scaffolded-service',
        'catalog-team',
      ),
    });
    const backend = await startTestBackend({
      features: [
        permissionPlugin,
        commercePolicyModule,
        catalogPlugin,
        catalogModuleTemplateKind,
        scaffolderPlugin,
        standInActions,
        authWithActors,
        signedInUserInfo,
        localRepositoriesReader,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            commerce: {
              publish: {
                target: 'local',
                local: { directory: catalogFiles.resolve('repositories') },
              },
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'Group',
                    'User',
                    'Template',
                    'Location',
                    'System',
                    'Domain',
                  ],
                },
              ],
              locations: [
                path.join(repoRoot, 'catalog/org.yaml'),
                // The System the service template's form names.
                path.join(repoRoot, 'catalog/commerce.yaml'),
                path.join(repoRoot, 'templates/order-service/template.yaml'),
                path.join(
                  repoRoot,
                  'templates/commerce-platform/template.yaml',
                ),
                catalogFiles.resolve('services.yaml'),
              ].map(target => ({ type: 'file', target })),
            },
          },
        }),
      ],
    });
    server = backend.server;

    // The catalog reads its locations in the background: wait for what the tests use.
    const asPlatform = mockCredentials.user.header('user:default/priya.nair');
    const wanted = [
      'template/default/order-service',
      'template/default/commerce-platform',
      'group/default/checkout-team',
      'system/default/commerce-platform',
      'component/default/checkout-api',
    ];
    const deadline = Date.now() + 60_000;
    for (const ref of wanted) {
      for (;;) {
        const res = await request(server)
          .get(`/api/catalog/entities/by-name/${ref}`)
          .set('Authorization', asPlatform);
        if (res.status === 200) {
          if (ref === 'component/default/checkout-api') {
            checkoutApiUid = res.body.metadata.uid;
          }
          break;
        }
        if (Date.now() > deadline) {
          throw new Error(`the catalog did not ingest ${ref}: ${res.text}`);
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    }
  }, 90_000);

  /** What each person may do, and how they try it. */
  const attempts: {
    what: string;
    allowed: Person[];
    attempt(person: Person, auth: string): Promise<Outcome | string>;
  }[] = [
    {
      what: 'read an entity',
      allowed: ['guest', 'nonOwner', 'owner', 'platformEngineer'],
      async attempt(_person, auth) {
        const res = await request(server)
          .get('/api/catalog/entities/by-name/component/default/checkout-api')
          .set('Authorization', auth);
        return httpOutcome(res);
      },
    },
    {
      what: 'refresh checkout-team’s checkout-api',
      allowed: ['owner', 'platformEngineer'],
      async attempt(_person, auth) {
        const res = await request(server)
          .post('/api/catalog/refresh')
          .set('Authorization', auth)
          .send({ entityRef: 'component:default/checkout-api' });
        return httpOutcome(res);
      },
    },
    {
      what: 'register a location',
      allowed: ['platformEngineer'],
      async attempt(_person, auth) {
        const res = await request(server)
          .post('/api/catalog/locations')
          .set('Authorization', auth)
          .send({ type: 'url', target: fileUrl('new-service.yaml') });
        return httpOutcome(res);
      },
    },
    {
      what: 'run the platform template',
      allowed: ['platformEngineer'],
      async attempt(person, auth) {
        const res = await request(server)
          .post('/api/scaffolder/v2/tasks')
          .set('Authorization', auth)
          .send({
            templateRef: 'template:default/commerce-platform',
            values: { environment: 'prod' },
          });
        if (res.status !== 201) {
          return httpOutcome(res);
        }
        return taskOutcome(server, res.body.id, person);
      },
    },
    {
      what: 'create and deploy checkout-team’s order-service to production (order-service template)',
      allowed: ['owner', 'platformEngineer'],
      async attempt(person, auth) {
        const res = await request(server)
          .post('/api/scaffolder/v2/tasks')
          .set('Authorization', auth)
          .send({
            templateRef: 'template:default/order-service',
            values: {
              // One repository per person, so each allowed run registers its own.
              name: `order-service-${person.toLocaleLowerCase('en-US')}`,
              owner: 'group:default/checkout-team',
              description: 'Orders on PostgreSQL.',
              system: 'system:default/commerce-platform',
              availability: 99.99,
              latencyP95Ms: 150,
              region: 'westeurope',
              monthlyBudgetUsd: 320,
            },
          });
        if (res.status !== 201) {
          return httpOutcome(res);
        }
        return taskOutcome(server, res.body.id, person);
      },
    },
    {
      // Last: the platform engineer's attempt removes the entity.
      what: 'delete an entity',
      allowed: ['platformEngineer'],
      async attempt(_person, auth) {
        const res = await request(server)
          .delete(`/api/catalog/entities/by-uid/${checkoutApiUid}`)
          .set('Authorization', auth);
        return httpOutcome(res);
      },
    },
  ];

  const cases = (Object.keys(people) as Person[]).flatMap(person =>
    attempts.map(a => ({
      person,
      what: a.what,
      expected: (a.allowed.includes(person) ? 'allowed' : 'denied') as Outcome,
      attempt: a.attempt,
    })),
  );
  const everyone = Object.keys(people) as Person[];

  /**
   * The status a GET answers with, read from its headers: the event stream stays open once it
   * has started, so this does not wait for a body.
   */
  const statusOf = (urlPath: string, authorization: string) =>
    new Promise<number>((resolve, reject) => {
      const { port } = (server as http.Server).address() as AddressInfo;
      const req = http.get(
        { host: '127.0.0.1', port, path: urlPath, headers: { authorization } },
        res => {
          resolve(res.statusCode ?? 0);
          req.destroy();
        },
      );
      // Destroying after the status was read may report an error: the promise has settled.
      req.on('error', reject);
    });

  it.each(cases)(
    '$person: $what → $expected',
    async ({ person, expected, attempt }) => {
      const runsBefore = actionRuns.length;
      const outcome = await attempt(
        person,
        mockCredentials.user.header(people[person][0]),
      );
      expect(outcome).toBe(expected);

      // A denied attempt changed nothing in production: no Azure, GitOps or platform step ran.
      const productionSteps = actionRuns
        .slice(runsBefore)
        .map(r => r.action)
        .filter(a => /azure|gitops|fetch-infra/.test(a));
      expect(expected === 'denied' ? productionSteps : []).toEqual([]);
    },
    30_000,
  );

  it('deploys with the owner from the form, so the check has something to compare', () => {
    const deploys = actionRuns.filter(
      r =>
        r.action === 'commerce:azure:deploy' &&
        r.input.resourceGroup.startsWith('rg-order-service-'),
    );
    expect(deploys.map(r => [r.user, r.input.owner])).toEqual(
      expect.arrayContaining([
        ['user:default/amara.okafor', 'group:default/checkout-team'],
        ['user:default/priya.nair', 'group:default/checkout-team'],
      ]),
    );
    expect(deploys.map(r => r.user)).not.toContain('user:default/tomas.berg');
  });

  it('stops a non-owner’s service run at its first check, before anything is published', async () => {
    const runsBefore = actionRuns.length;
    const res = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/tomas.berg'),
      )
      .send({
        templateRef: 'template:default/order-service',
        values: {
          name: 'order-service-2',
          owner: 'checkout-team',
          description: 'A second order service.',
          availability: 99.95,
          latencyP95Ms: 150,
          region: 'westeurope',
          monthlyBudgetUsd: 100,
        },
      });
    expect(res.status).toBe(201);
    expect(await taskOutcome(server, res.body.id, 'nonOwner')).toBe('denied');
    expect(actionRuns.slice(runsBefore).map(r => r.action)).toEqual([
      'commerce:platform:targets',
    ]);
    // In words that say which team to pick, not the scaffolder's bare "Unauthorized action".
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${res.body.id}/events`)
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/tomas.berg'),
      );
    const log = (events.body as { body: { message?: string } }[])
      .map(e => e.body.message)
      .join('\n');
    expect(log).toContain(
      'You (user:default/tomas.berg) are not a member of group:default/checkout-team',
    );
    expect(log).toContain('Choose your team as the owner (catalog-team)');
  });

  it('shows a task’s parameters and log to the person who started it and the platform team only', async () => {
    const header = (person: Person) =>
      mockCredentials.user.header(people[person][0]);
    // The owner's run of the order-service template, above.
    const owned = await request(server)
      .get('/api/scaffolder/v2/tasks')
      .query({ createdBy: people.owner[0] })
      .set('Authorization', header('platformEngineer'));
    expect(owned.status).toBe(200);
    // The order-service run, whose parameters name the team.
    const task = owned.body.tasks.find(
      (t: any) => t.spec.parameters.owner === 'group:default/checkout-team',
    );
    expect(task).toBeDefined();

    const reads: Record<string, number[]> = {};
    for (const person of everyone) {
      reads[person] = [];
      for (const urlPath of [
        `/api/scaffolder/v2/tasks/${task.id}`,
        `/api/scaffolder/v2/tasks/${task.id}/events`,
        `/api/scaffolder/v2/tasks/${task.id}/eventstream`,
      ]) {
        reads[person]!.push(await statusOf(urlPath, header(person)));
      }
    }
    expect(reads).toEqual({
      guest: [403, 403, 403],
      nonOwner: [403, 403, 403],
      owner: [200, 200, 200],
      platformEngineer: [200, 200, 200],
    });

    // The task list shows someone else's runs to the platform team only.
    const listedFor = async (person: Person) => {
      const res = await request(server)
        .get('/api/scaffolder/v2/tasks')
        .set('Authorization', header(person));
      expect(res.status).toBe(200);
      return new Set(
        (res.body.tasks as { createdBy: string }[]).map(t => t.createdBy),
      );
    };
    expect([...(await listedFor('nonOwner'))]).toEqual([people.nonOwner[0]]);
    expect((await listedFor('platformEngineer')).has(people.owner[0])).toBe(
      true,
    );
  });

  it('registers an owner’s new service with the scaffolder’s credentials, though the owner may not register', async () => {
    // The owner's run above went through the real commerce:catalog:register-local.
    const asOwner = mockCredentials.user.header(people.owner[0]);
    const res = await request(server)
      .get(
        '/api/catalog/entities/by-name/component/default/order-service-owner',
      )
      .set('Authorization', asOwner);
    expect(res.status).toBe(200);
    expect(
      res.body.metadata.annotations['backstage.io/managed-by-origin-location'],
    ).toBe(
      `url:${
        pathToFileURL(repositories('order-service-owner/catalog-info.yaml'))
          .href
      }`,
    );
    // The runs stopped at their first check published and registered nothing.
    for (const person of ['guest', 'nonowner']) {
      const other = await request(server)
        .get(
          `/api/catalog/entities/by-name/component/default/order-service-${person}`,
        )
        .set('Authorization', asOwner);
      expect(other.status).toBe(404);
      expect(fs.existsSync(repositories(`order-service-${person}`))).toBe(
        false,
      );
    }
  });
});

function component(name: string, team: string): string {
  return `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
spec:
  type: service
  lifecycle: production
  owner: group:default/${team}
`;
}

function httpOutcome(res: request.Response): Outcome | string {
  if (res.status >= 200 && res.status < 300) {
    return 'allowed';
  }
  if (res.status === 403) {
    return 'denied';
  }
  return `HTTP ${res.status}: ${res.text}`;
}
