import type { Entity } from '@backstage/catalog-model';
import { withCatalogRelations } from '@internal/test-utils';

type JsonObject = NonNullable<Entity['spec']>;

/*
 * Small hand-built catalogs for the analyses' tests; `platformCatalog` fills in `relations` the
 * way the catalog's built-in processor does (withCatalogRelations), so the analyses see what they
 * see in production.
 */

interface SpecOptions {
  owner?: string;
  system?: string;
  type?: string;
  dependsOn?: string[];
  consumesApis?: string[];
  providesApis?: string[];
  annotations?: Record<string, string>;
  tags?: string[];
  title?: string;
}

function entity(
  kind: string,
  name: string,
  options: SpecOptions,
  extraSpec: JsonObject = {},
): Entity {
  const spec: JsonObject = { ...extraSpec };
  if (options.type !== undefined) spec.type = options.type;
  if (options.owner !== undefined) spec.owner = options.owner;
  if (options.system !== undefined) spec.system = options.system;
  if (options.dependsOn) spec.dependsOn = options.dependsOn;
  if (options.consumesApis) spec.consumesApis = options.consumesApis;
  if (options.providesApis) spec.providesApis = options.providesApis;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: {
      name,
      namespace: 'default',
      ...(options.title ? { title: options.title } : {}),
      ...(options.annotations ? { annotations: options.annotations } : {}),
      ...(options.tags ? { tags: options.tags } : {}),
    },
    spec,
  };
}

export function component(name: string, options: SpecOptions = {}): Entity {
  return entity(
    'Component',
    name,
    {
      type: 'service',
      system: 'commerce-platform',
      ...options,
    },
    { lifecycle: 'production' },
  );
}

export function resource(name: string, options: SpecOptions = {}): Entity {
  return entity('Resource', name, {
    system: 'commerce-platform',
    ...options,
  });
}

export function api(name: string, options: SpecOptions = {}): Entity {
  return entity(
    'API',
    name,
    {
      type: 'openapi',
      system: 'commerce-platform',
      ...options,
    },
    { lifecycle: 'production', definition: 'openapi: 3.0.3' },
  );
}

export function system(name: string, owner = 'platform-team'): Entity {
  return entity('System', name, { owner });
}

export function group(name: string): Entity {
  return entity('Group', name, { type: 'team' }, { children: [] });
}

/** A User as the review's snapshot reads it: kind and name only. */
export function user(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name, namespace: 'default' },
  };
}

/** The store kinds of the blueprint: product → Cosmos DB, order → PostgreSQL, … */
const SERVICES = [
  {
    name: 'product-service',
    team: 'catalog-team',
    store: 'product-service-cosmos',
    type: 'database',
    sla: '99.995',
    objective: 0.9995,
  },
  {
    name: 'order-service',
    team: 'checkout-team',
    store: 'order-service-db',
    type: 'database',
    sla: '99.99',
    objective: 0.9999,
  },
  {
    name: 'cart-service',
    team: 'checkout-team',
    store: 'cart-service-cache',
    type: 'cache',
    sla: '99.95',
    objective: 0.9995,
  },
  {
    name: 'payment-service',
    team: 'payments-team',
    store: 'payment-service-stripe',
    type: 'external-service',
    sla: '99.99',
    objective: 0.9995,
  },
];

/**
 * The four-service platform as the blueprint generates it (each service with its own store,
 * API and team, all in commerce-platform), the shared edge and the portal, without relations.
 */
export function platformEntities(): Entity[] {
  return [
    system('commerce-platform'),
    ...[
      'platform-team',
      'catalog-team',
      'checkout-team',
      'payments-team',
      'engineering-leads',
    ].map(group),
    user('jdoe'),
    ...SERVICES.flatMap(s => [
      component(s.name, {
        owner: `group:default/${s.team}`,
        providesApis: [`${s.name}-api`],
        dependsOn: [`resource:default/${s.store}`],
        annotations: {
          'commerce.platform/blueprint-version': '0.1.0',
          'commerce.platform/azure-region': 'westeurope',
        },
      }),
      api(`${s.name}-api`, { owner: `group:default/${s.team}` }),
      resource(s.store, {
        type: s.type,
        owner: `group:default/${s.team}`,
        annotations: { 'commerce.platform/availability-sla': s.sla },
      }),
    ]),
    resource('commerce-front-door', {
      type: 'edge-gateway',
      owner: 'group:default/platform-team',
      tags: ['azure', 'edge', 'waf'],
      dependsOn: ['resource:default/commerce-api-gateway'],
      annotations: { 'commerce.platform/availability-sla': '99.99' },
    }),
    resource('commerce-api-gateway', {
      type: 'api-gateway',
      owner: 'group:default/platform-team',
      tags: ['azure', 'gateway'],
      dependsOn: ['resource:default/commerce-aks'],
    }),
    resource('commerce-aks', {
      type: 'kubernetes-cluster',
      owner: 'group:default/platform-team',
      annotations: { 'commerce.platform/availability-sla': '99.99' },
    }),
    resource('commerce-portal-database', {
      type: 'database',
      owner: 'group:default/platform-team',
      annotations: { 'commerce.platform/availability-sla': '99.99' },
    }),
    component('commerce-platform-portal', {
      type: 'website',
      owner: 'group:default/platform-team',
      dependsOn: [
        'resource:default/commerce-aks',
        'resource:default/commerce-portal-database',
      ],
    }),
  ];
}

/** The services' availability objectives, as the backend reads them from openslo.yaml. */
export function platformObjectives(): Record<string, number> {
  return Object.fromEntries(
    SERVICES.map(s => [`component:default/${s.name}`, s.objective]),
  );
}

/** `platformEntities()` plus `extra`, with relations. */
export function platformCatalog(...extra: Entity[]): Entity[] {
  return withCatalogRelations([...platformEntities(), ...extra]);
}
