import http from 'node:http';
import https from 'node:https';
import type { TokenCredential } from '@azure/core-auth';
import { DefaultAzureCredential } from '@azure/identity';
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

/** Where the card reads Applications from. */
export type ArgoCdSource =
  /** Argo CD's REST API (`GET /api/v1/applications/{name}`) with an Argo CD token. */
  | { type: 'api'; baseUrl: string; token: string }
  /**
   * The Application resources themselves, through the Kubernetes API of the cluster Argo CD
   * runs in, as the portal's own identity: no Argo CD account or token (production, AKS).
   */
  | {
      type: 'kubernetes';
      cluster: string;
      url: string;
      caData?: string;
      skipTLSVerify: boolean;
      auth: { type: 'azure' } | { type: 'serviceAccount'; token: string };
    };

/** The `argocd` configuration, read once at startup. */
export interface ArgoCdConfig {
  source: ArgoCdSource;
  environments: readonly string[];
  /** Where the Applications live (Argo CD's own namespace when unset; `argocd` for kubernetes). */
  appNamespace?: string;
  /** The Argo CD UI, for links; none when unset and read through Kubernetes. */
  uiUrl?: string;
  historyLength: number;
  timeoutMs: number;
}

/** What to set for the card to read Argo CD; shown on the card. */
export const ARGOCD_NOT_CONFIGURED =
  'Argo CD is not configured: set argocd.kubernetes.cluster (read the Applications through the ' +
  "cluster's API, as in production) or argocd.baseUrl and argocd.token (e.g. token: ${ARGOCD_TOKEN}) " +
  'in the portal configuration to see sync status, health and history here';

/** The scope of AKS's Entra ID server application: tokens for any AKS cluster's API. */
export const AKS_TOKEN_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';

/** A cluster of `kubernetes.clusterLocatorMethods` (type config), by name. */
function kubernetesCluster(
  config: Config,
  name: string,
): Extract<ArgoCdSource, { type: 'kubernetes' }> {
  const clusters = (
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []
  )
    .filter(method => method.getString('type') === 'config')
    .flatMap(method => method.getOptionalConfigArray('clusters') ?? []);
  const cluster = clusters.find(c => c.getString('name') === name);
  if (!cluster) {
    const known = clusters.map(c => c.getString('name'));
    throw new Error(
      `argocd.kubernetes.cluster is "${name}", but kubernetes.clusterLocatorMethods (type config) ` +
        `has no cluster of that name (${
          known.length ? `it has: ${known.join(', ')}` : 'it has none'
        }); name the cluster Argo CD runs in`,
    );
  }
  const authProvider = cluster.getString('authProvider');
  let auth: Extract<ArgoCdSource, { type: 'kubernetes' }>['auth'];
  if (authProvider === 'azure') {
    auth = { type: 'azure' };
  } else if (authProvider === 'serviceAccount') {
    auth = {
      type: 'serviceAccount',
      token: cluster.getString('serviceAccountToken'),
    };
  } else {
    throw new Error(
      `argocd.kubernetes.cluster "${name}" signs in with authProvider "${authProvider}"; the ` +
        'Argo CD card reads clusters with authProvider azure (the workload identity) or ' +
        'serviceAccount (serviceAccountToken)',
    );
  }
  const url = cluster.getString('url').replace(/\/+$/, '');
  if (!/^https?:\/\//.test(url)) {
    throw new Error(
      `kubernetes cluster "${name}" has url "${url}"; set the cluster API server's URL, e.g. https://my-cluster.hcp.westeurope.azmk8s.io:443`,
    );
  }
  return {
    type: 'kubernetes',
    cluster: name,
    url,
    caData: cluster.getOptionalString('caData'),
    skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
    auth,
  };
}

/** The `argocd` configuration, or undefined when the portal has none. */
export function readArgoCdConfig(config: Config): ArgoCdConfig | undefined {
  const argocd = config.getOptionalConfig('argocd');
  if (!argocd) {
    return undefined;
  }
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
  const clusterName = argocd.getOptionalString('kubernetes.cluster');
  let source: ArgoCdSource;
  if (clusterName !== undefined) {
    if (argocd.has('baseUrl') || argocd.has('token')) {
      throw new Error(
        'argocd sets both kubernetes.cluster and baseUrl/token; keep one: kubernetes.cluster ' +
          "reads the Applications through the cluster's API, baseUrl and token through Argo CD's",
      );
    }
    source = kubernetesCluster(config, clusterName);
  } else {
    const baseUrl = argocd.getString('baseUrl').replace(/\/+$/, '');
    if (!/^https?:\/\//.test(baseUrl)) {
      throw new Error(
        `argocd.baseUrl is "${baseUrl}"; set the Argo CD server's URL, e.g. https://argocd.example.com`,
      );
    }
    source = { type: 'api', baseUrl, token: argocd.getString('token') };
  }
  const uiUrl =
    argocd.getOptionalString('uiUrl') ??
    (source.type === 'api' ? source.baseUrl : undefined);
  return {
    source,
    environments:
      argocd.getOptionalStringArray('environments') ??
      DEFAULT_ARGOCD_ENVIRONMENTS,
    appNamespace:
      argocd.getOptionalString('appNamespace') ??
      (source.type === 'kubernetes' ? 'argocd' : undefined),
    uiUrl: uiUrl?.replace(/\/+$/, ''),
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

/** The portal's identity could not get a token for the cluster's API. */
class ClusterTokenError extends Error {
  name = 'ClusterTokenError';
}

/** One answer from Argo CD or the cluster: its status and parsed JSON body (if any). */
interface Answer {
  status: number;
  statusText: string;
  body: unknown;
}

/** GET a JSON document over HTTP(S), trusting `ca` when given (a cluster's own CA). */
function getJson(
  url: string,
  options: {
    headers: Record<string, string>;
    ca?: Buffer;
    rejectUnauthorized: boolean;
    timeoutMs: number;
  },
): Promise<Answer> {
  const target = new URL(url);
  const transport = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(
      target,
      {
        method: 'GET',
        headers: options.headers,
        ca: options.ca,
        rejectUnauthorized: options.rejectUnauthorized,
        timeout: options.timeoutMs,
      },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            body,
          });
        });
      },
    );
    req.on('timeout', () => {
      const error = new Error(`no answer within ${options.timeoutMs} ms`);
      error.name = 'TimeoutError';
      req.destroy(error);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * Reads the sync status, health and recent history of a service's Argo CD Applications: through
 * Argo CD's REST API (`GET /api/v1/applications/{name}`) with the configured token, or as the
 * Application resources themselves through the Kubernetes API of the cluster Argo CD runs in
 * (`GET /apis/argoproj.io/v1alpha1/namespaces/{ns}/applications/{name}`) as the portal's
 * identity. Both answer the same v1alpha1 Application.
 */
export class ArgoCdStatusService {
  private credential?: TokenCredential;

  constructor(
    private readonly options: {
      catalog: CatalogService;
      config?: ArgoCdConfig;
      logger: LoggerService;
      /** For `authProvider: azure` clusters; DefaultAzureCredential when not given. */
      credential?: TokenCredential;
    },
  ) {
    this.credential = options.credential;
  }

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

  /** Where the Application is asked for, and with which headers. */
  private async request(
    app: ArgoCdApplicationRef,
    config: ArgoCdConfig,
  ): Promise<{ url: string; headers: Record<string, string> }> {
    const name = encodeURIComponent(app.application);
    const { source } = config;
    if (source.type === 'api') {
      const query = config.appNamespace
        ? `?appNamespace=${encodeURIComponent(config.appNamespace)}`
        : '';
      return {
        url: `${source.baseUrl}/api/v1/applications/${name}${query}`,
        headers: {
          Authorization: `Bearer ${source.token}`,
          Accept: 'application/json',
        },
      };
    }
    let token: string;
    if (source.auth.type === 'serviceAccount') {
      token = source.auth.token;
    } else {
      this.credential ??= new DefaultAzureCredential();
      try {
        const accessToken = await this.credential.getToken(AKS_TOKEN_SCOPE);
        if (!accessToken) {
          throw new Error('Azure Identity returned no token');
        }
        token = accessToken.token;
      } catch (e) {
        throw new ClusterTokenError(
          `The portal could not get an Entra ID token for cluster ${
            source.cluster
          } (${
            toError(e).message
          }); check its workload identity (AZURE_CLIENT_ID, AZURE_TENANT_ID)`,
        );
      }
    }
    return {
      url: `${
        source.url
      }/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(
        config.appNamespace ?? 'argocd',
      )}/applications/${name}`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
    };
  }

  private async readApplication(
    app: ArgoCdApplicationRef,
    config: ArgoCdConfig,
  ): Promise<ArgoCdApplicationStatus> {
    const { source } = config;
    const where =
      source.type === 'api'
        ? `Argo CD at ${source.baseUrl}`
        : `The Kubernetes API of cluster ${source.cluster} (${source.url})`;
    const url =
      config.uiUrl &&
      `${config.uiUrl}/applications/${
        config.appNamespace ? `${encodeURIComponent(config.appNamespace)}/` : ''
      }${encodeURIComponent(app.application)}`;
    const failed = (problem: string): ArgoCdApplicationStatus => ({
      ...app,
      ...(url && { url }),
      history: [],
      problem,
    });
    let answer: Answer;
    try {
      const { url: target, headers } = await this.request(app, config);
      answer = await getJson(target, {
        headers,
        ca:
          source.type === 'kubernetes' && source.caData
            ? Buffer.from(source.caData, 'base64')
            : undefined,
        rejectUnauthorized:
          source.type === 'kubernetes' ? !source.skipTLSVerify : true,
        timeoutMs: config.timeoutMs,
      });
    } catch (e) {
      const error = toError(e);
      this.options.logger.warn(
        `Argo CD status of ${app.application} could not be read: ${error.message}`,
      );
      if (error.name === 'TimeoutError') {
        return failed(
          `${where} did not answer within ${
            config.timeoutMs / 1000
          } s; check that the portal can reach it`,
        );
      }
      if (error instanceof ClusterTokenError) {
        return failed(error.message);
      }
      return failed(
        `${where} could not be reached (${error.message}); check ${
          source.type === 'api'
            ? 'argocd.baseUrl'
            : `the url of kubernetes cluster ${source.cluster}`
        }`,
      );
    }
    if (answer.status < 200 || answer.status >= 300) {
      return failed(problemOf(answer, app, config));
    }
    const body = (answer.body ?? {}) as ArgoCdApplication;
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
      ...(url && { url }),
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

function problemOf(
  answer: Answer,
  app: ArgoCdApplicationRef,
  config: ArgoCdConfig,
): string {
  // Argo CD answers {error, message}; Kubernetes a Status {message, reason}.
  const body = (answer.body ?? {}) as { message?: string; error?: string };
  const detail = body.message ?? body.error ?? '';
  const { source } = config;
  if (source.type === 'kubernetes') {
    const said = detail ? ` (Kubernetes said: ${detail})` : '';
    const namespace = config.appNamespace ?? 'argocd';
    switch (answer.status) {
      case 404:
        return (
          `Argo CD has no Application ${app.application} in namespace ${namespace}${said}; ` +
          `create it, or name the ${app.environment} Application in the commerce.platform/argocd-apps annotation`
        );
      case 401:
        return (
          `Cluster ${source.cluster} refused the portal's token${said}; check its ` +
          `authProvider (${source.auth.type}) and the portal's identity`
        );
      case 403:
        return (
          `The portal's identity may not read Applications in namespace ${namespace} of ` +
          `cluster ${source.cluster}${said}: grant it get on applications.argoproj.io there ` +
          '(infra/portal/rollouts-reader.yaml)'
        );
      default:
        return `Cluster ${source.cluster} answered ${answer.status} ${answer.statusText} for ${app.application}${said}`;
    }
  }
  const said = detail ? ` (Argo CD said: ${detail})` : '';
  switch (answer.status) {
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
      return `Argo CD answered ${answer.status} ${answer.statusText} for ${app.application}${said}`;
  }
}
