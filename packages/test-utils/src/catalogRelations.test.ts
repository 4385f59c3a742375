import type { Entity } from '@backstage/catalog-model';
import { withCatalogRelations } from './catalogRelations';

const entity = (kind: string, name: string, spec?: object): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name },
  ...(spec ? { spec } : {}),
});

const relationsOf = (entities: Entity[], name: string) =>
  entities.find(e => e.metadata.name === name)?.relations;

describe('withCatalogRelations', () => {
  it('adds each spec reference as the built-in processor does, forward and inverse', () => {
    const entities = withCatalogRelations([
      entity('Component', 'order-service', {
        owner: 'checkout-team',
        system: 'commerce-platform',
        dependsOn: ['resource:order-db', 'cart-service'],
        providesApis: ['order-api'],
        consumesApis: ['api:default/cart-api'],
      }),
      entity('System', 'commerce-platform', {
        owner: 'group:default/platform-team',
        domain: 'commerce',
      }),
      entity('Group', 'checkout-team', { parent: 'engineering' }),
      entity('User', 'jdoe', { memberOf: ['checkout-team'] }),
    ]);

    expect(relationsOf(entities, 'order-service')).toEqual([
      { type: 'ownedBy', targetRef: 'group:default/checkout-team' },
      { type: 'partOf', targetRef: 'system:default/commerce-platform' },
      { type: 'dependsOn', targetRef: 'resource:default/order-db' },
      { type: 'dependsOn', targetRef: 'component:default/cart-service' },
      { type: 'providesApi', targetRef: 'api:default/order-api' },
      { type: 'consumesApi', targetRef: 'api:default/cart-api' },
    ]);
    expect(relationsOf(entities, 'commerce-platform')).toEqual([
      { type: 'hasPart', targetRef: 'component:default/order-service' },
      { type: 'ownedBy', targetRef: 'group:default/platform-team' },
      { type: 'partOf', targetRef: 'domain:default/commerce' },
    ]);
    expect(relationsOf(entities, 'checkout-team')).toEqual([
      { type: 'ownerOf', targetRef: 'component:default/order-service' },
      { type: 'childOf', targetRef: 'group:default/engineering' },
      { type: 'hasMember', targetRef: 'user:default/jdoe' },
    ]);
    expect(relationsOf(entities, 'jdoe')).toEqual([
      { type: 'memberOf', targetRef: 'group:default/checkout-team' },
    ]);
  });

  it('gives an entity without references an empty list, and leaves the input alone', () => {
    const input = [entity('Resource', 'order-db', { type: 'database' })];

    expect(withCatalogRelations(input)).toEqual([
      { ...input[0], relations: [] },
    ]);
    expect(input[0]).not.toHaveProperty('relations');
  });
});
