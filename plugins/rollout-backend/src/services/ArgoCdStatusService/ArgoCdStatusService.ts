import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { NotFoundError, toError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ArgoCdAnnotationError,
  argoCdApplications,
  type ArgoCdApplicationRef,
  type ArgoCdApplicationStatus,
  DEFAULT_ARGOCD_ENVIRONMENTS,
  type EntityArgoCdStatus,
} from '@internal/plugin-rollout-common';

/** The `argocd` configuration, read once at startup. */
export interface ArgoCdConfig {
  baseUrl: string;
  token: string;
  environments: readonly string[];
  appNamespace?: string;
  uiUrl: string;
  historyLength: number;
  timeoutMs: number;
}

/** What to set for the card to read Argo CD; shown on the card. */
export const ARGOCD_NOT_CONFIGURED =
  'Argo CD is not configured: set argocd.baseUrl and argocd.token (e.g. token: ${ARGOCD_TOKEN}) ' +
  'in the portal configuration to see sync status, health and history here';

/** The `argocd` configuration, or undefined when the portal has none. */
export function readArgoCdConfig(config: Config): ArgoCdConfig | undefined {
  const argocd = config.getOptionalConfig('argocd');
  if (!argocd) {
    return undefined;
  }
  const baseUrl = argocd.getString('baseUrl').replace(/\/+$/, '');
  const historyLength = argocd.getOptionalNumber('historyLength') ?? 5;
  const timeoutSeconds = argocd.getOptionalNumber('timeoutSeconds') ?? 10;
  for (const [key, value] of [
    ['historyLength', historyLength],
    ['timeoutSeconds', timeoutSeconds],
  ] as const) {
    if (!(value > 0)) {
      throw new Error(
        `argocd.${key} is ${value}; set a positive number or remove it for the default`,
      );
    }
  }
  if (!/^https?:\/\//.test(baseUrl)) {
    throw new Error(
      `argocd.baseUrl is "${baseUrl}"; set the Argo CD server's URL, e.g. https://argocd.example.com`,
    );
  }
  return {
    baseUrl,
    token: argocd.getString('token'),
    environments:
      argocd.getOptionalStringArray('environments') ??
      DEFAULT_ARGOCD_ENVIRONMENTS,
    appNamespace: argocd.getOptionalString('appNamespace'),
    uiUrl: (argocd.getOptionalString('uiUrl') ?? baseUrl).replace(/\/+$/, ''),
    historyLength,
    timeoutMs: timeoutSeconds * 1000,
  };
}

/** The part of Argo CD's `v1alpha1.Application` the card reads. */
interface ArgoCdApplication {
  metadata?: { name?: string; namespace?: string };
  status?: {
    sync?: { status?: string; revision?: string };
    health?: { status?: string; message?: string };
    operationState?: { phase?: string; message?: string; finishedAt?: string };
    history?: Array<{
      id?: number;
      revision?: string;
      deployedAt?: string;
      initiatedBy?: { username?: string; automated?: boolean };
    }>;
  };
}

/**
 * Reads the sync status, health and recent history of a service's Argo CD Applications through
 * Argo CD's REST API (`GET /api/v1/applications/{name}`) with the configured token.
 */
export class ArgoCdStatusService {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      config?: ArgoCdConfig;
      logger: LoggerService;
      fetch?: typeof fetch;
    },
  ) {}

  async getEntityArgoCdStatus(
    ref: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityArgoCdStatus> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.options.catalog.getEntityByRef(ref, options);
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${entityRef}; check the kind, namespace and name`,
      );
    }
    const config = this.options.config;
    if (!config) {
      return { entityRef, configured: false, message: ARGOCD_NOT_CONFIGURED };
    }
    let refs: ArgoCdApplicationRef[];
    try {
      refs = argoCdApplications(
        entity.metadata.annotations,
        config.environments,
      );
    } catch (error) {
      if (error instanceof ArgoCdAnnotationError) {
        return {
          entityRef,
          configured: true,
          applications: [],
          problems: [error.message],
        };
      }
      throw error;
    }
    const applications = await Promise.all(
      refs.map(app => this.readApplication(app, config)),
    );
    return { entityRef, configured: true, applications, problems: [] };
  }

  private async readApplication(
    app: ArgoCdApplicationRef,
    config: ArgoCdConfig,
  ): Promise<ArgoCdApplicationStatus> {
    const name = encodeURIComponent(app.application);
    const query = config.appNamespace
      ? `?appNamespace=${encodeURIComponent(config.appNamespace)}`
      : '';
    const url = `${config.uiUrl}/applications/${
      config.appNamespace ? `${encodeURIComponent(config.appNamespace)}/` : ''
    }${name}`;
    const doFetch = this.options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(
        `${config.baseUrl}/api/v1/applications/${name}${query}`,
        {
          headers: {
            Authorization: `Bearer ${config.token}`,
            Accept: 'application/json',
          },
          signal: AbortSignal.timeout(config.timeoutMs),
        },
      );
    } catch (e) {
      const error = toError(e);
      this.options.logger.warn(
        `Argo CD did not answer for ${app.application}: ${error.message}`,
      );
      return {
        ...app,
        url,
        history: [],
        problem:
          error.name === 'TimeoutError'
            ? `Argo CD at ${config.baseUrl} did not answer within ${
                config.timeoutMs / 1000
              } s; check argocd.baseUrl and that the portal can reach it`
            : `Argo CD at ${config.baseUrl} could not be reached (${error.message}); check argocd.baseUrl`,
      };
    }
    if (!response.ok) {
      return {
        ...app,
        url,
        history: [],
        problem: await problemOf(response, app),
      };
    }
    const body = (await response.json()) as ArgoCdApplication;
    const status = body.status ?? {};
    const history = [...(status.history ?? [])]
      .reverse()
      .slice(0, config.historyLength)
      .map(entry => ({
        id: entry.id ?? 0,
        revision: entry.revision,
        deployedAt: entry.deployedAt,
        initiatedBy:
          entry.initiatedBy?.username ??
          (entry.initiatedBy?.automated ? 'automated' : undefined),
      }));
    return {
      ...app,
      url,
      syncStatus: status.sync?.status ?? 'Unknown',
      revision: status.sync?.revision,
      healthStatus: status.health?.status ?? 'Unknown',
      healthMessage: status.health?.message,
      lastOperation: status.operationState && {
        phase: status.operationState.phase,
        message: status.operationState.message,
        finishedAt: status.operationState.finishedAt,
      },
      history,
    };
  }
}

async function problemOf(
  response: Response,
  app: ArgoCdApplicationRef,
): Promise<string> {
  let detail = '';
  try {
    const body = (await response.json()) as {
      message?: string;
      error?: string;
    };
    detail = body.message ?? body.error ?? '';
  } catch {
    // Not JSON (a proxy's page): the status says enough.
  }
  const said = detail ? ` (Argo CD said: ${detail})` : '';
  switch (response.status) {
    case 404:
      return (
        `Argo CD has no Application ${app.application}${said}; create it, or name the ` +
        `${app.environment} Application in the commerce.platform/argocd-apps annotation`
      );
    case 401:
      return `Argo CD refused the token${said}; renew argocd.token (ARGOCD_TOKEN)`;
    case 403:
      // Argo CD answers 403 both for a missing Application and one the token may not get.
      return (
        `Argo CD does not let the portal's token read ${app.application}${said}: it does ` +
        `not exist, or the token's account lacks "applications, get" on it`
      );
    default:
      return `Argo CD answered ${response.status} ${response.statusText} for ${app.application}${said}`;
  }
}
