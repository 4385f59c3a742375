import path from 'node:path';
import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin, {
  CATALOG_ERRORS_TOPIC,
} from '@backstage/plugin-catalog-backend';
import catalogModuleTemplateKind from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import localRepositoriesReader from '@internal/plugin-local-repositories-backend';
import { pathToFileURL } from 'node:url';
import type { JsonArray } from '@backstage/types';
import request from 'supertest';
import YAML from 'yaml';
import fs from 'node:fs';
import commerceRules from './index';

/*
 * Issue #14 item 8, through the real catalog: the portal's root catalog-info.yaml (and the
 * teams, systems and templates it points to) loads as before, while a service repository
 * registered later that declares a Template, a Location, a Group or a System gets a processing
 * error saying why, and its Component is still catalogued.
 */

// Test-only code that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');

/** The portal's catalog rules, as app-config.yaml states them. */
function portalCatalogRules(): JsonArray {
  const config = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
  );
  return config.catalog.rules;
}

/** Where services are published locally; read through the local repositories reader. */
const repositories = createMockDirectory();
const serviceFileUrl = () =>
  pathToFileURL(repositories.resolve('sneaky-service/catalog-info.yaml')).href;

const serviceFile = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: sneaky-service
spec:
  type: service
  lifecycle: production
  owner: group:default/checkout-team
---
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: sneaky-template
spec:
  type: service
  owner: group:default/checkout-team
  steps: []
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: sneaky-location
spec:
  targets: [./more.yaml]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: sneaky-admins
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: sneaky-system
spec:
  owner: group:default/checkout-team
`;

describe('the portal’s catalog rules, through the real catalog', () => {
  let server: Parameters<typeof request>[0];
  const errors: { entity: string; messages: string[] }[] = [];

  /** Collects the catalog's processing errors, as the logs module reports them. */
  const errorCollector = createBackendModule({
    pluginId: 'catalog',
    moduleId: 'error-collector',
    register(reg) {
      reg.registerInit({
        deps: { events: eventsServiceRef },
        async init({ events }) {
          await events.subscribe({
            id: 'error-collector',
            topics: [CATALOG_ERRORS_TOPIC],
            async onEvent({ eventPayload }) {
              const { entity, errors: list } = eventPayload as {
                entity: string;
                errors: Error[];
              };
              errors.push({ entity, messages: list.map(e => e.message) });
            },
          });
        },
      });
    },
  });

  const get = (ref: string) =>
    request(server).get(`/api/catalog/entities/by-name/${ref}`);

  async function eventually<T>(
    check: () => Promise<T | undefined>,
    what: string,
  ): Promise<T> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  beforeAll(async () => {
    repositories.setContent({
      'sneaky-service': { 'catalog-info.yaml': serviceFile },
    });
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleTemplateKind,
        commerceRules,
        errorCollector,
        localRepositoriesReader,
        mockServices.rootConfig.factory({
          data: {
            commerce: {
              publish: {
                target: 'local',
                local: { directory: repositories.path },
              },
            },
            catalog: {
              rules: portalCatalogRules(),
              processingInterval: { seconds: 1 },
              locations: [
                {
                  type: 'file',
                  target: path.join(repoRoot, 'catalog-info.yaml'),
                },
              ],
            },
          },
        }),
      ],
    });
    server = backend.server;
  }, 60_000);

  it('loads the portal’s own templates, teams, people and system', async () => {
    for (const ref of [
      'template/default/order-service',
      'template/default/commerce-platform',
      'group/default/checkout-team',
      'user/default/amara.okafor',
      'system/default/commerce-platform',
      'domain/default/commerce',
    ]) {
      await eventually(
        async () => ((await get(ref)).status === 200 ? true : undefined),
        ref,
      );
    }
  }, 90_000);

  it('refuses a Template, Location, Group and System from a service repository, saying why, and keeps its Component', async () => {
    const registered = await request(server)
      .post('/api/catalog/locations')
      .send({ type: 'url', target: serviceFileUrl() });
    expect(registered.status).toBe(201);

    await eventually(
      async () =>
        (await get('component/default/sneaky-service')).status === 200
          ? true
          : undefined,
      'the service’s Component',
    );
    const refused = await eventually(async () => {
      const found = [
        'template:default/sneaky-template',
        'location:default/sneaky-location',
        'group:default/sneaky-admins',
        'system:default/sneaky-system',
      ].map(ref => errors.find(e => e.entity === ref));
      return found.every(Boolean) ? found : undefined;
    }, 'a processing error for each refused entity');

    const where = `url:${serviceFileUrl()}`;
    expect(refused[0]!.messages).toEqual([
      `Template template:default/sneaky-template in ${where} was refused: Template entities are accepted only from the portal's own catalog, and this file was registered from ${where}. A service repository declares its Component, API and Resource entities only. Remove the Template from this file; to add a template, team, person, system or domain, change the portal repository's catalog (catalog/ or templates/) by pull request.`,
    ]);
    for (const [i, kind] of ['Location', 'Group', 'System'].entries()) {
      expect(refused[i + 1]!.messages).toEqual([
        expect.stringMatching(
          new RegExp(
            `^${kind} \\S+ in ${where.replace(
              /[.*+?^${}()|[\]\\]/g,
              '\\$&',
            )} was refused: ${kind} entities are accepted only from the portal's own catalog`,
          ),
        ),
      ]);
    }
    for (const ref of [
      'template/default/sneaky-template',
      'location/default/sneaky-location',
      'group/default/sneaky-admins',
      'system/default/sneaky-system',
    ]) {
      expect({ ref, status: (await get(ref)).status }).toEqual({
        ref,
        status: 404,
      });
    }
  }, 90_000);
});
