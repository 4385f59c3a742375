import type { ServiceKind, ServiceSpec } from '../spec.ts';

/** An environment variable the service reads, documented in README and set in deploy/. */
export interface EnvVar {
  name: string;
  description: string;
  /** Value for local development and tests. */
  local: string;
  /** Where production gets it: a plain value, or a Key Vault secret by name. */
  production: { value: string } | { keyVaultSecret: string };
}

/**
 * One request of `npm run loadtest` (scripts/loadtest.ts). In `path`, `headers` and `body`,
 * `{{name}}` is a value captured by a setup request and `{{unique}}` a fresh id per request
 * (an Idempotency-Key, a new product's id), so a write creates something new every time.
 */
export interface LoadTestRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** App roles the caller's token carries, for operations that require one. */
  roles?: string[];
  /** The status a healthy service answers; anything else fails the run. Default 200. */
  status?: number;
  /** Share of the mix: a weight-4 read is sent four times per weight-1 write. Default 1. */
  weight?: number;
  /** Setup only: fields of the JSON answer to remember, e.g. `{ orderId: 'id' }`. */
  capture?: Record<string, string>;
  /**
   * Setup only: another service's API this step is sent to (its name, a key of the scenario's
   * `services`), with a token for that API: what this service's own operations need to exist
   * there (payment pays an order it creates in order-service). Absent: this service's API.
   */
  service?: string;
}

/**
 * What `npm run loadtest` drives one pod with: its main read and write routes, as valid
 * authenticated requests, at the rate one pod is sized for (README: Load test).
 */
export interface LoadTestScenario {
  /**
   * Requests per second one pod serves at 100 % of its CPU request (deploy/rollout.yaml), as
   * deploy/hpa.yaml's `commerce.platform/pod-capacity-rps` annotation. The HPA keeps pods at its
   * target utilisation, so one pod must meet the SLO at capacity × target.
   */
  podCapacityRps: number;
  /** Sent once, in order, before the run: what the reads need to exist. */
  setup: LoadTestRequest[];
  /** The mix the run sends. */
  requests: LoadTestRequest[];
  /**
   * The other services setup steps are sent to (a step's `service`), by name: where the load
   * script finds each when `LOADTEST_<NAME>_URL` is unset, locally and in CI (the double the
   * kind's `dataStore.ciLocalServer` starts there). Its token: `LOADTEST_<NAME>_TOKEN`, or minted
   * for `api://<name>` by the local issuer.
   */
  services?: Record<string, { localUrl: string }>;
}

/**
 * What one kind of service adds to the common skeleton. Everything else — server, metrics,
 * health, Dockerfile, deploy/, infra/main.bicep, CI, catalog-info — is written once.
 */
export interface KindPart {
  kind: ServiceKind;
  title: string;
  /** One paragraph on what the service owns, for README and docs. */
  summary: string;
  dataStore: {
    /** Catalog Resource type: database, cache, or external-service. */
    resourceType: 'database' | 'cache' | 'external-service';
    /** What it is in Azure (or outside), for docs. */
    technology: string;
    /** Suffix of the Resource entity name, e.g. "cache" → cart-service-cache. */
    resourceSuffix: string;
    /**
     * The store's availability in prod as the provider promises it, rendered as the Resource's
     * `commerce.platform/availability-sla` annotation: the platform review composes each
     * service's objective from its hard dependencies' figures. `basis` says where the figure
     * comes from and is written above it as a YAML comment.
     */
    availabilitySla: {
      /** Percent as text, e.g. '99.99'. */
      percent: string;
      basis: string;
    };
    /**
     * For a store that is private in prod (public network access disabled): the platform output,
     * read from the deploy environment by main.prod.bicepparam, that holds the ID of the store's
     * `privatelink` DNS zone. The store's private endpoint goes into the platform's
     * private-endpoint subnet and registers in that zone. Absent for a store outside Azure.
     */
    privateDnsZoneIdVariable?: string;
    /** TCP ports the service opens to its store (NetworkPolicy egress). */
    egressPorts: number[];
    /** The store CI starts as a service container, when there is one. */
    ciService?: {
      image: string;
      port: number;
      env?: Record<string, string>;
      health: string;
    };
    /**
     * For a store CI has no service container for: a local server or double the test job starts
     * in the background (from the service's own devDependencies or test/), so the load test runs
     * against the built service and a store that answers like the real one. The blueprint's
     * tests start the same server on free ports (src/testing/run-service.ts).
     */
    ciLocalServer?: {
      /** Step name, e.g. "Start the Cosmos-compatible server". */
      name: string;
      /** Shell command that starts it in the foreground (the step backgrounds it). */
      command: string;
      /** A URL that answers (any HTTP status) once it is ready. */
      readyUrl: string;
      /** Settings of the service (and of the server) that point the service at it. */
      env: Record<string, string>;
    };
  };
  /**
   * Other services' APIs this kind calls as itself (its workload identity), with the app roles
   * it needs there. infra/modules/api-app.bicep grants them to the identity (src/entra.ts).
   */
  callsApis?: Array<{ service: string; roles: readonly string[] }>;
  /**
   * The kind's load test (`npm run loadtest`), which CI runs against the built service on its
   * store: a service container (`dataStore.ciService`) or a local server (`ciLocalServer`).
   */
  loadTest: LoadTestScenario;
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
  env: (spec: ServiceSpec) => EnvVar[];
  /** OpenAPI paths the kind's routes serve (the common ones are added by the blueprint). */
  openApiPaths: Record<string, unknown>;
  openApiSchemas: Record<string, unknown>;
}
