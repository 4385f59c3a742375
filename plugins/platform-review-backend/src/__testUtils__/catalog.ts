import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { withCatalogRelations } from '@internal/test-utils';

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name },
  spec: { type: 'team', children: [], parent: 'commerce-engineering' },
});

/** A generated service as the blueprint registers it: Component, its API and its data store. */
export function generatedService(options: {
  name: string;
  owner: string;
  store: { suffix: string; type: string };
  /** The folder holding its repository (a file:// location, as the local platform run does). */
  repositories: string;
  blueprintVersion?: string;
  budgetUsd?: number;
  kind?: string;
}): Entity[] {
  const { name, owner, store, repositories } = options;
  const location = `url:${
    pathToFileURL(path.join(repositories, name, 'catalog-info.yaml')).href
  }`;
  const annotations = { 'backstage.io/managed-by-location': location };
  return [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        annotations: {
          ...annotations,
          'backstage.io/adr-location': 'docs/decisions',
          'commerce.platform/slo-file': 'openslo.yaml',
          'commerce.platform/monthly-budget-usd': String(
            options.budgetUsd ?? 100,
          ),
          'commerce.platform/cost-center': `cc-${owner}`,
          'commerce.platform/blueprint-version':
            options.blueprintVersion ?? '0.1.0',
          'commerce.platform/service-kind':
            options.kind ?? name.replace(/-service$/, ''),
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: `group:default/${owner}`,
        system: 'commerce-platform',
        providesApis: [`${name}-api`],
        dependsOn: [`resource:default/${name}-${store.suffix}`],
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'API',
      metadata: { name: `${name}-api`, annotations },
      spec: {
        type: 'openapi',
        lifecycle: 'experimental',
        owner: `group:default/${owner}`,
        system: 'commerce-platform',
        definition: 'openapi: 3.0.3',
      },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: { name: `${name}-${store.suffix}`, annotations },
      spec: {
        type: store.type,
        owner: `group:default/${owner}`,
        system: 'commerce-platform',
      },
    },
  ];
}

/** The four services of the platform run, as in the brief. */
export const FOUR_SERVICES = [
  {
    name: 'product-service',
    owner: 'catalog-team',
    availability: 0.9995,
    budgetUsd: 100,
    store: { suffix: 'cosmos', type: 'database' },
  },
  {
    name: 'order-service',
    owner: 'checkout-team',
    availability: 0.9999,
    budgetUsd: 320,
    store: { suffix: 'db', type: 'database' },
  },
  {
    name: 'cart-service',
    owner: 'checkout-team',
    availability: 0.9995,
    budgetUsd: 600,
    store: { suffix: 'cache', type: 'cache' },
  },
  {
    name: 'payment-service',
    owner: 'payments-team',
    availability: 0.9995,
    budgetUsd: 60,
    store: { suffix: 'stripe', type: 'external-service' },
  },
];

/** The org, the system and the four services, with the relations the catalog would add. */
export function fourServiceCatalog(
  repositories: string,
  extra: Entity[] = [],
): Entity[] {
  return withCatalogRelations([
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: 'commerce-engineering' },
      spec: { type: 'organization', children: [] },
    },
    ...['platform-team', 'catalog-team', 'checkout-team', 'payments-team'].map(
      group,
    ),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'priya.nair' },
      spec: { memberOf: ['checkout-team'] },
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: {
        name: 'commerce-platform',
        title: 'Commerce Platform',
        annotations: { 'commerce.platform/monthly-budget-usd': '3000' },
      },
      spec: { owner: 'group:default/platform-team' },
    },
    ...FOUR_SERVICES.flatMap(s => generatedService({ ...s, repositories })),
    ...extra,
  ]);
}

/** The files of a generated service the review reads: its OpenSLO file and first decision. */
export function serviceRepository(service: {
  name: string;
  owner: string;
  availability: number;
}): Record<string, string> {
  return {
    'openslo.yaml': `apiVersion: openslo/v1
kind: SLO
metadata:
  name: ${service.name}-availability
spec:
  service: ${service.name}
  budgetingMethod: Occurrences
  timeWindow:
    - duration: 28d
      isRolling: true
  indicator:
    metadata:
      name: ${service.name}-success-ratio
    spec:
      ratioMetric:
        counter: true
        good:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="${service.name}",status_code!~"5.."}[{{.window}}]))
        total:
          metricSource:
            type: Prometheus
            spec:
              query: sum(rate(http_requests_total{service="${service.name}"}[{{.window}}]))
  objectives:
    - displayName: Available
      target: ${service.availability}
`,
    'docs/decisions/README.md': '# Decisions\n',
    'docs/decisions/0001-own-data-store.md': `---
status: accepted
date: 2026-11-21
decision-makers: group:default/${service.owner}
---

# ${service.name} owns its data store

## Context and Problem Statement

Where do ${service.name}'s facts live?
`,
  };
}
