import { Readable } from 'node:stream';
import {
  mockServices,
  registerMswTestHooks,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DecisionRecordCollatorFactory } from './DecisionRecordCollatorFactory';
import { searchModulePlatformReviewDecisions } from './module';
import { record, REVIEW } from './__testUtils__/records';

const MESH = record({
  file: '0009-defer-service-mesh.md',
  title: 'Defer a service mesh',
  status: 'deferred',
  decisionMakers: ['platform-team', 'engineering-leads'],
  revisitTrigger: 'more than 10 services in the catalog',
  revisitBy: '2027-06-30',
});

const server = setupServer();
registerMswTestHooks(server);

async function collect(readable: Readable): Promise<unknown[]> {
  const documents: unknown[] = [];
  for await (const document of readable) documents.push(document);
  return documents;
}

function factory(logger = mockServices.logger.mock()) {
  return new DecisionRecordCollatorFactory({
    auth: mockServices.auth(),
    discovery: mockServices.discovery.mock({
      getBaseUrl: async pluginId => `http://review.test/api/${pluginId}`,
    }),
    logger,
  });
}

describe('DecisionRecordCollatorFactory', () => {
  it('turns each record the review found into a document linking to the rendered record', async () => {
    const authorizations: (string | null)[] = [];
    server.use(
      http.get(`${REVIEW}/v1/decisions`, ({ request }) => {
        authorizations.push(request.headers.get('authorization'));
        return HttpResponse.json({
          decisions: [record({}), MESH],
          problems: [],
        });
      }),
    );

    const documents = await collect(await factory().getCollator());

    // As the search backend's own service, on its behalf.
    expect(authorizations).toEqual([
      expect.stringMatching(/^Bearer mock-service-token:/),
    ]);
    expect(documents).toEqual([
      {
        title: 'Record architecture decisions in MADR',
        text: 'Status: accepted since 2026-11-21. Decided by platform-team. Recorded under component:default/commerce-platform-portal as 0001-record-architecture-decisions-in-madr.md.',
        location:
          '/platform-review/decisions/default/component/commerce-platform-portal/0001-record-architecture-decisions-in-madr.md',
        status: 'accepted',
        owner: 'platform-team',
        entityRef: 'component:default/commerce-platform-portal',
        file: '0001-record-architecture-decisions-in-madr.md',
        authorization: {
          resourceRef: 'component:default/commerce-platform-portal',
        },
      },
      {
        title: 'Defer a service mesh',
        text: 'Status: deferred since 2026-11-21. Decided by platform-team, engineering-leads. Revisit when more than 10 services in the catalog. Revisit by 2027-06-30. Recorded under component:default/commerce-platform-portal as 0009-defer-service-mesh.md.',
        location:
          '/platform-review/decisions/default/component/commerce-platform-portal/0009-defer-service-mesh.md',
        status: 'deferred',
        owner: 'platform-team, engineering-leads',
        revisitBy: '2027-06-30',
        entityRef: 'component:default/commerce-platform-portal',
        file: '0009-defer-service-mesh.md',
        authorization: {
          resourceRef: 'component:default/commerce-platform-portal',
        },
      },
    ]);
  });

  it('indexes the records it can and logs the folders the review could not read', async () => {
    server.use(
      http.get(`${REVIEW}/v1/decisions`, () =>
        HttpResponse.json({
          decisions: [record({ entityRef: 'not a ref:' }), MESH],
          problems: [
            'component:default/cart-service: backstage.io/adr-location names "docs/decisions", which does not exist; fix the annotation or add the folder',
          ],
        }),
      ),
    );
    const logger = mockServices.logger.mock();

    const documents = await collect(await factory(logger).getCollator());

    expect(documents).toEqual([
      expect.objectContaining({ title: 'Defer a service mesh' }),
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Decision records not indexed: component:default\/cart-service: /,
      ),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      'Decision record 0001-record-architecture-decisions-in-madr.md not indexed: not a ref: is not an entity reference',
    );
  });

  it("fails the run with the review backend's error when it cannot answer", async () => {
    server.use(
      http.get(`${REVIEW}/v1/decisions`, () =>
        HttpResponse.json(
          {
            error: {
              name: 'ServiceUnavailableError',
              message: 'The catalog could not be read',
            },
            request: { method: 'GET', url: '/v1/decisions' },
            response: { statusCode: 503 },
          },
          { status: 503 },
        ),
      ),
    );

    await expect(collect(await factory().getCollator())).rejects.toThrow(
      /^The decision records could not be indexed: http:\/\/review\.test\/api\/platform-review\/v1\/decisions answered 503: The catalog could not be read/,
    );
  });
});

describe('searchModulePlatformReviewDecisions', () => {
  it('registers the collator with the search backend on its schedule', async () => {
    const addCollator = jest.fn();
    await startTestBackend({
      extensionPoints: [[searchIndexRegistryExtensionPoint, { addCollator }]],
      features: [
        searchModulePlatformReviewDecisions,
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                platformReviewDecisions: {
                  schedule: { frequency: { minutes: 5 }, timeout: '1m' },
                },
              },
            },
          },
        }),
      ],
    });

    expect(addCollator).toHaveBeenCalledTimes(1);
    const [{ factory: registered }] = addCollator.mock.calls[0];
    expect(registered).toBeInstanceOf(DecisionRecordCollatorFactory);
    expect(registered.type).toBe('decision-record');
    expect(registered.visibilityPermission.name).toBe('catalog.entity.read');
  });
});
