/**
 * Argo CD status of a service: which Applications belong to it (per environment), and the
 * rollout backend's answer (`GET /api/rollout/v1/entities/:kind/:namespace/:name/argocd`).
 */

/**
 * The Argo CD Application name of a service (the annotation Backstage's Argo CD plugins read).
 * The service's Application per environment is `<app-name>-<environment>`, unless
 * {@link ARGOCD_APPS_ANNOTATION} names them.
 *
 * @public
 */
export const ARGOCD_APP_NAME_ANNOTATION = 'argocd/app-name';

/**
 * Names the service's Argo CD Application per environment, when they do not follow
 * `<app-name>-<environment>`: comma-separated `environment=application` pairs, e.g.
 * `dev=order-service-dev, prod=order-service`.
 *
 * @public
 */
export const ARGOCD_APPS_ANNOTATION = 'commerce.platform/argocd-apps';

/** The environments the platform deploys to, in the order the card lists them. */
export const DEFAULT_ARGOCD_ENVIRONMENTS: readonly string[] = ['dev', 'prod'];

/**
 * One Application the card shows.
 *
 * @public
 */
export interface ArgoCdApplicationRef {
  environment: string;
  application: string;
}

/**
 * Thrown when an Argo CD annotation cannot be read; the message says what to write instead.
 *
 * @public
 */
export class ArgoCdAnnotationError extends Error {
  readonly name = 'ArgoCdAnnotationError';
}

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

function checkName(value: string, where: string): string {
  if (!NAME.test(value) || value.length > 253) {
    throw new ArgoCdAnnotationError(
      `${where} is "${value}", which is not an Argo CD Application name: use lower-case ` +
        `letters, digits, "-" and ".", starting and ending with a letter or digit`,
    );
  }
  return value;
}

/**
 * The service's Applications, one per environment: from {@link ARGOCD_APPS_ANNOTATION} when
 * present, else `<argocd/app-name>-<environment>` for each environment. Empty when the entity
 * has neither annotation.
 *
 * @throws ArgoCdAnnotationError when an annotation is malformed.
 * @public
 */
export function argoCdApplications(
  annotations: Record<string, string> | undefined,
  environments: readonly string[] = DEFAULT_ARGOCD_ENVIRONMENTS,
): ArgoCdApplicationRef[] {
  const listed = annotations?.[ARGOCD_APPS_ANNOTATION];
  if (listed !== undefined) {
    const pairs = listed
      .split(',')
      .map(pair => pair.trim())
      .filter(Boolean);
    if (pairs.length === 0) {
      throw new ArgoCdAnnotationError(
        `${ARGOCD_APPS_ANNOTATION} is empty: write environment=application pairs, e.g. ` +
          `"dev=order-service-dev, prod=order-service-prod", or remove it`,
      );
    }
    const seen = new Set<string>();
    return pairs.map(pair => {
      const match = /^([^=\s]+)\s*=\s*(\S+)$/.exec(pair);
      if (!match) {
        throw new ArgoCdAnnotationError(
          `${ARGOCD_APPS_ANNOTATION} has "${pair}": write environment=application pairs ` +
            `separated by commas, e.g. "dev=order-service-dev, prod=order-service-prod"`,
        );
      }
      const [, environment, application] = match;
      if (seen.has(environment)) {
        throw new ArgoCdAnnotationError(
          `${ARGOCD_APPS_ANNOTATION} names the environment "${environment}" twice: keep one`,
        );
      }
      seen.add(environment);
      return {
        environment,
        application: checkName(
          application,
          `${ARGOCD_APPS_ANNOTATION} for ${environment}`,
        ),
      };
    });
  }
  const appName = annotations?.[ARGOCD_APP_NAME_ANNOTATION]?.trim();
  if (appName === undefined) {
    return [];
  }
  checkName(appName, ARGOCD_APP_NAME_ANNOTATION);
  return environments.map(environment => ({
    environment,
    application: `${appName}-${environment}`,
  }));
}

/**
 * One deployment in an Application's history (Argo CD's `status.history[]`), newest first.
 *
 * @public
 */
export interface ArgoCdDeployment {
  id: number;
  revision?: string;
  deployedAt?: string;
  /** Who or what started the sync (`initiatedBy.username`, or "automated"). */
  initiatedBy?: string;
}

/**
 * The status of one Application.
 *
 * @public
 */
export interface ArgoCdApplicationStatus extends ArgoCdApplicationRef {
  /** The Application in the Argo CD UI. */
  url?: string;
  /** Argo CD's `status.sync.status`: Synced, OutOfSync or Unknown. */
  syncStatus?: string;
  /** The revision the sync status is against. */
  revision?: string;
  /** Argo CD's `status.health.status`: Healthy, Progressing, Degraded, Suspended, Missing, Unknown. */
  healthStatus?: string;
  healthMessage?: string;
  /** The last sync operation: its phase (Succeeded, Failed, Error, Running…) and message. */
  lastOperation?: { phase?: string; message?: string; finishedAt?: string };
  /** The most recent deployments, newest first. */
  history: ArgoCdDeployment[];
  /** What went wrong reading this Application (it does not exist, the token may not read it…). */
  problem?: string;
}

/**
 * `GET /api/rollout/v1/entities/:kind/:namespace/:name/argocd`.
 *
 * @public
 */
export type EntityArgoCdStatus =
  | {
      entityRef: string;
      configured: false;
      /** Which configuration would enable the card. */
      message: string;
    }
  | {
      entityRef: string;
      configured: true;
      applications: ArgoCdApplicationStatus[];
      /** What is wrong with the entity's annotations, when the Applications could not be named. */
      problems: string[];
    };
