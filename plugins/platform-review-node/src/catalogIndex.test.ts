import type { Entity } from '@backstage/catalog-model';
import { indexCatalog } from './catalogIndex';
import { buildPlatformReview } from './review';
import {
  component,
  platformCatalog,
  platformEntities,
} from './__testUtils__/reviewCatalog';
import { withCatalogRelations } from '@internal/test-utils';

describe('indexCatalog', () => {
  it('reads the catalog relations, and inverse relations change nothing', () => {
    const index = indexCatalog(platformCatalog());
    expect(index.malformed).toEqual([]);
    expect(index.byRef.get('component:default/order-service')).toMatchObject({
      kind: 'component',
      type: 'service',
      owner: 'group:default/checkout-team',
      system: 'system:default/commerce-platform',
      dependsOn: ['resource:default/order-service-db'],
      providesApis: ['api:default/order-service-api'],
      consumesApis: [],
    });
    expect(
      index.dependents
        .get('resource:default/order-service-db')!
        .map(e => e.ref),
    ).toEqual(['component:default/order-service']);
    expect(
      index.apiProviders.get('api:default/order-service-api')!.map(e => e.ref),
    ).toEqual(['component:default/order-service']);
  });

  it('reads an entity without relations from its spec, as the catalog would', () => {
    const index = indexCatalog(platformEntities());
    expect(index.malformed).toEqual([]);
    expect(index.byRef.get('component:default/order-service')).toMatchObject({
      owner: 'group:default/checkout-team',
      system: 'system:default/commerce-platform',
      dependsOn: ['resource:default/order-service-db'],
      providesApis: ['api:default/order-service-api'],
    });
  });

  it('lowers the case of refs, as the catalog does', () => {
    const index = indexCatalog(
      withCatalogRelations([
        component('Order-Service', { owner: 'Checkout-Team' }),
      ]),
    );
    expect(index.byRef.get('component:default/order-service')?.owner).toBe(
      'group:default/checkout-team',
    );
  });

  describe('malformed and foreign entities', () => {
    const broken: unknown[] = [
      null,
      'component:default/a-string',
      { kind: 'Component' },
      { kind: 'Component', metadata: { name: 42 } },
      { metadata: { name: 'kindless' } },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'no-spec' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'numeric-owner' },
        spec: { type: 'service', owner: 42, system: 'commerce-platform' },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: {
          name: 'odd-relations',
          annotations: { a: 1 },
          tags: [3, 'ok'],
        },
        spec: { type: 'database', owner: 'platform-team' },
        relations: [
          null,
          { type: 'ownedBy' },
          { type: 'ownedBy', targetRef: 'group:default/platform-team' },
        ],
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'bad-spec-lists' },
        spec: {
          type: 'service',
          owner: 'platform-team',
          dependsOn: 'resource:x',
          consumesApis: [7],
        },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'dangling' },
        spec: { type: 'service', owner: 'platform-team' },
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/platform-team' },
          { type: 'dependsOn', targetRef: 'resource:default/gone-db' },
          { type: 'consumesApi', targetRef: 'api:default/gone-api' },
          // A Domain is not part of the review's snapshot: no finding for it.
          { type: 'partOf', targetRef: 'domain:default/commerce' },
        ],
      },
      {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        metadata: { name: 'gizmo' },
        spec: {},
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'platform-team' },
        spec: {},
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'platform-team' },
        spec: {},
      },
    ];

    it('never throws, and names each entity in a malformed-entity finding', () => {
      const index = indexCatalog(broken as Entity[]);
      const messages = index.malformed.map(f => `${f.severity}: ${f.message}`);
      expect(messages).toEqual([
        'warning: entity #1 of the catalog snapshot (an entry) has no kind: it is left out of the review',
        'warning: entity #2 of the catalog snapshot (an entry) has no kind: it is left out of the review',
        'warning: entity #3 of the catalog snapshot (a Component) has no metadata.name: it is left out of the review',
        'warning: entity #4 of the catalog snapshot (a Component) has no metadata.name: it is left out of the review',
        'warning: entity #5 of the catalog snapshot ("kindless") has no kind: it is left out of the review',
        'warning: no-spec cannot be fully read: it has no spec (type, owner, system and relations are unknown)',
        'warning: numeric-owner cannot be fully read: spec.owner is 42, not an entity ref',
        'warning: resource:odd-relations cannot be fully read: 2 relations are not of the form {type, targetRef}',
        'warning: bad-spec-lists cannot be fully read: spec.dependsOn is not a list; spec.consumesApis has 7, not an entity ref',
        'info: widget:default/gizmo is of kind Widget, which the review does not know: it is left out',
        'warning: group:platform-team appears more than once in the catalog snapshot: only the first is reviewed',
        'warning: numeric-owner refers to system:commerce-platform, which is not in the catalog: the review cannot follow that relation',
        'warning: dangling refers to api:gone-api, resource:gone-db, which are not in the catalog: the review cannot follow those relations',
      ]);
      expect(index.malformed.every(f => f.rule === 'malformed-entity')).toBe(
        true,
      );
      expect(
        index.malformed.find(f => f.message.startsWith('dangling'))!.entityRefs,
      ).toEqual([
        'component:default/dangling',
        'api:default/gone-api',
        'resource:default/gone-db',
      ]);
      // The readable ones are still indexed, with what could be read.
      expect(index.byRef.get('resource:default/odd-relations')).toMatchObject({
        owner: 'group:default/platform-team',
        tags: ['ok'],
        annotations: {},
      });
    });

    it('lets the whole review run over them', () => {
      const review = buildPlatformReview({
        entities: [...platformCatalog(), ...(broken as Entity[])],
        objectives: {},
        decisions: [],
        currentBlueprintVersion: '0.1.0',
        today: new Date('2027-01-01T00:00:00Z'),
      });
      expect(
        review.findings.filter(f => f.rule === 'malformed-entity'),
      ).toHaveLength(13);
      // A Component without a spec is malformed, not also "missing an owner".
      expect(
        review.findings.filter(
          f =>
            f.rule === 'missing-owner' &&
            f.entityRefs[0] === 'component:default/no-spec',
        ),
      ).toEqual([]);
      // The dangling dependency is unknown to the SLO check too, not a crash.
      expect(
        review.slo.find(row => row.service === 'component:default/dangling')
          ?.unknownDependencies,
      ).toEqual(['resource:default/gone-db', 'api:default/gone-api']);
    });

    it('quotes each spec ref it cannot resolve, and still reads the others', () => {
      const index = indexCatalog([
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'Component',
          metadata: { name: 'odd-refs' },
          spec: {
            type: 'service',
            owner: 'group:',
            system: 42,
            providesApis: ['api:', 'order-api'],
          },
        },
      ] as Entity[]);
      expect(
        index.malformed
          .map(f => f.message)
          .filter(m => m.includes('cannot be fully read')),
      ).toEqual([
        'odd-refs cannot be fully read: spec.owner "group:" is not an entity ref; spec.system 42 is not an entity ref; spec.providesApis has "api:", not an entity ref',
      ]);
      expect(index.byRef.get('component:default/odd-refs')).toMatchObject({
        owner: undefined,
        system: undefined,
        providesApis: ['api:default/order-api'],
      });
    });

    it('accepts something that is not a list at all', () => {
      // @ts-expect-error what a caller outside TypeScript could pass
      expect(indexCatalog(undefined).entities).toEqual([]);
    });
  });
});
