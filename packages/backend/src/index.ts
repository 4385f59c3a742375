/*
 * The Commerce Platform Portal backend (Backstage new backend system).
 * This file only lists what the backend runs; each feature lives in its own package.
 */
import { createBackend } from '@backstage/backend-defaults';
import { catalogModuleCommerceEntraTeams } from '@internal/plugin-catalog-backend-module-commerce';
import { apiTokenPermissionsServiceFactory } from '@internal/plugin-permission-backend-module-commerce';

const backend = createBackend();

// Serves the built frontend from the same origin in production.
backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-proxy-backend'));

// Sign-in: guest locally (development only), Microsoft Entra ID in production.
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
// Local sign-in as a chosen catalog User (development only), to try the portal as a team member.
backend.add(
  import('@internal/plugin-auth-backend-module-test-people-provider'),
);
backend.add(import('@backstage/plugin-auth-backend-module-microsoft-provider'));

// Catalog.
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);
backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
// Templates, Locations, teams, people, systems and domains only from the portal's own catalog.
backend.add(import('@internal/plugin-catalog-backend-module-commerce'));
// People and teams from Entra ID when catalog.providers.microsoftGraphOrg is configured
// (production); without it nothing is read and catalog/org.yaml stays the org.
backend.add(import('@backstage/plugin-catalog-backend-module-msgraph'));
// Entra decides who is in each team (commerce.org.entraTeams: team → Entra group object id).
backend.add(catalogModuleCommerceEntraTeams);

// Software templates.
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);
// run:yeoman drives the commerce-service blueprint (packages/generator-commerce-service).
backend.add(import('@backstage/plugin-scaffolder-backend-module-yeoman'));
backend.add(import('@internal/plugin-scaffolder-backend-module-commerce'));
backend.add(import('@internal/plugin-local-repositories-backend'));

// The owner's view: SLOs and error budget, cost against budget, the rollout policy.
backend.add(import('@internal/plugin-slo-backend'));
backend.add(import('@internal/plugin-cost-backend'));
backend.add(import('@internal/plugin-rollout-backend'));
// The leads' review: ownership boundaries, SLO achievability, spend, decisions, drift.
backend.add(import('@internal/plugin-platform-review-backend'));

// Permissions: who may read, register, run the platform template and deploy (the commerce policy).
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@internal/plugin-permission-backend-module-commerce'));
// The API token's catalog entry is read-only (the token skips the policy; see the factory).
backend.add(apiTokenPermissionsServiceFactory);

// Search: Lunr in memory on SQLite, PostgreSQL's engine in production.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));
// The decision records the review found, so that search finds them and opens them rendered.
backend.add(import('@internal/plugin-search-backend-module-platform-review'));

backend.add(import('@backstage/plugin-techdocs-backend'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// Events between plugins (and, with PostgreSQL, between backend replicas).
backend.add(import('@backstage/plugin-events-backend'));
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
