import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Config } from '@backstage/config';
import { ConfigSources } from '@backstage/config-loader';
import { readArgoCdConfig } from '@internal/plugin-rollout-backend';
import { repoRoot } from '@internal/tools';

// Issue #16 item 1: what the image runs is app-config.yaml + app-config.production.yaml, in
// the image's layout (packages/backend/Dockerfile: WORKDIR /app, the bundle and the two config
// files; the Bicep CLI from its own stage). This loads that stack through Backstage's config
// loader, with the environment infra/portal gives the pod, and checks that every setting a
// commerce scaffolder action reads points at something the image has.

const dockerfile = fs.readFileSync(
  path.join(repoRoot, 'packages/backend/Dockerfile'),
  'utf8',
);
const productionYaml = fs.readFileSync(
  path.join(repoRoot, 'app-config.production.yaml'),
  'utf8',
);

/** Plausible values of every variable app-config.production.yaml reads (infra/portal). */
const environment: Record<string, string> = {
  PORTAL_BASE_URL: 'https://portal.commerce.example',
  PORTAL_REPO_URL: 'https://github.com/commerce/commerce-platform-portal',
  PORTAL_API_TOKEN: 'test-token-from-key-vault',
  POSTGRES_HOST: 'psql-commerce-portal-prod.postgres.database.azure.com',
  POSTGRES_PORT: '5432',
  POSTGRES_USER: 'id-commerce-portal',
  GITHUB_APP_ID: '123456',
  GITHUB_APP_CLIENT_ID: 'Iv1.0123456789abcdef',
  GITHUB_APP_CLIENT_SECRET: 'client-secret-from-key-vault',
  GITHUB_APP_PRIVATE_KEY: 'private-key-from-key-vault',
  GITHUB_APP_WEBHOOK_SECRET: 'webhook-secret-from-key-vault',
  GITHUB_ORG: 'commerce',
  GITOPS_REPO_URL: 'https://github.com/commerce/commerce-gitops',
  TECHDOCS_STORAGE_ACCOUNT: 'stcommercetechdocsprod',
  AUTH_MICROSOFT_CLIENT_ID: '11111111-1111-4111-8111-111111111111',
  AUTH_MICROSOFT_CLIENT_SECRET: 'entra-secret-from-key-vault',
  AUTH_MICROSOFT_TENANT_ID: '22222222-2222-4222-8222-222222222222',
  AZURE_SUBSCRIPTION_ID: '33333333-3333-4333-8333-333333333333',
  AKS_CLUSTER_NAME: 'aks-commerce-platform',
  AKS_CLUSTER_API_URL: 'https://aks-commerce-platform.hcp.westeurope.azmk8s.io',
  AKS_CLUSTER_CA_DATA: 'LS0tLS1CRUdJTi...',
  AKS_RESOURCE_GROUP: 'rg-commerce-platform',
  PLATFORM_EDGE_URL: 'https://fde-commerce-platform-abc123.z01.azurefd.net',
};

async function loadProductionConfig(): Promise<Config> {
  const source = ConfigSources.default({
    rootDir: repoRoot,
    argv: [
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      path.join(repoRoot, 'app-config.production.yaml'),
    ],
    env: {},
    substitutionFunc: async name => environment[name],
    watch: false,
  });
  const config = await ConfigSources.toConfig(source);
  config.close();
  return config;
}

/** The runtime stage of the Dockerfile: the text after its last FROM. */
const runtimeStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
const workdir = /^WORKDIR (\S+)$/m.exec(runtimeStage)?.[1];

/**
 * Absolute paths the runtime image holds: each COPY's destination (a file, or each source file
 * under a folder destination), and the backend bundle's workspace packages (packages/*,
 * plugins/*, node_modules) unpacked into the working directory.
 */
function imagePaths(): string[] {
  const paths: string[] = ['packages', 'plugins', 'node_modules'].map(p =>
    path.posix.join(workdir!, p),
  );
  for (const [, args] of runtimeStage.matchAll(/^COPY (.+)$/gm)) {
    const words = args!.split(/\s+/).filter(w => !w.startsWith('--'));
    const destination = path.posix.resolve(workdir!, words.pop()!);
    if (words.length === 1 && !args!.trim().endsWith('/')) {
      paths.push(destination);
    } else {
      paths.push(
        ...words.map(source =>
          path.posix.join(destination, path.posix.basename(source)),
        ),
      );
    }
  }
  return paths;
}

const inImage = (file: string) =>
  imagePaths().some(p => file === p || file.startsWith(`${p}/`));

/** Every string in `value` that reads as a relative file path, by its dotted key. */
function relativePaths(value: unknown, key: string): string[] {
  if (typeof value === 'string') {
    return /^\.{1,2}\//.test(value) ? [`${key}: ${value}`] : [];
  }
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      relativePaths(v, key ? `${key}.${k}` : k),
    );
  }
  return [];
}

describe('the production configuration, in the image', () => {
  let config: Config;
  beforeAll(async () => {
    config = await loadProductionConfig();
  });

  it('sets every variable it reads in this test (as infra/portal does in the pod)', () => {
    const read = [...productionYaml.matchAll(/\$\{([A-Z0-9_]+)/g)].map(
      m => m[1]!,
    );
    expect(read.filter(name => !(name in environment))).toEqual([]);
    expect(workdir).toBe('/app');
  });

  it('gives the commerce actions and the scaffolder no relative path', () => {
    // Relative paths resolve against WORKDIR /app, where only the bundle and the two config
    // files are: a local path inherited from development settings would point at nothing.
    expect(
      relativePaths(config.getOptional('commerce'), 'commerce').concat(
        relativePaths(config.getOptional('scaffolder'), 'scaffolder'),
      ),
    ).toEqual([]);
  });

  it('reads the platform Bicep from the portal repository (infraUrl), not from a folder', () => {
    // commerce:platform:fetch-infra prefers infraDirectory when it is set, so it must not be.
    const directory = config.getOptionalString(
      'commerce.platform.infraDirectory',
    );
    expect(directory).toBeUndefined();
    expect(inImage(path.posix.resolve('/app', '../../infra'))).toBe(false);

    const infraUrl = new URL(config.getString('commerce.platform.infraUrl'));
    // Read through a configured integration of the same host (the GitHub App).
    const hosts = config
      .getConfigArray('integrations.github')
      .map(github => github.getOptionalString('host') ?? 'github.com');
    expect(hosts).toContain(infraUrl.host);
    expect(infraUrl.href).toBe(
      'https://github.com/commerce/commerce-platform-portal/tree/main/infra',
    );
  });

  it('compiles Bicep with the CLI the image installs, at a pinned and verified version', () => {
    const bicep = config.getString('commerce.azure.bicepCommand');
    expect(path.posix.isAbsolute(bicep)).toBe(true);
    expect(inImage(bicep)).toBe(true);
    // Copied from the stage that downloads it and checks its SHA-256 before keeping it.
    const copy = new RegExp(
      `^COPY --from=(\\S+) ${bicep.replace(/\//g, '\\/')} ${bicep.replace(
        /\//g,
        '\\/',
      )}$`,
      'm',
    ).exec(runtimeStage);
    expect(copy).not.toBeNull();
    const stageStart = dockerfile.indexOf(`AS ${copy![1]}\n`);
    const stage = dockerfile.slice(
      stageStart,
      dockerfile.indexOf('\nFROM ', stageStart),
    );
    expect(stage).toMatch(/^ARG BICEP_VERSION=\d+\.\d+\.\d+$/m);
    expect(stage).toMatch(/^ARG BICEP_SHA256_X64=[0-9a-f]{64}$/m);
    expect(stage).toMatch(/^ARG BICEP_SHA256_ARM64=[0-9a-f]{64}$/m);
    expect(stage).toMatch(/sha256sum -c -/);
    expect(stage).toMatch(
      /releases\/download\/v\$\{BICEP_VERSION\}\/\$\{asset\}/,
    );
  });

  it('publishes to GitHub and deploys to Azure and the GitOps repository', () => {
    expect(config.getString('commerce.publish.target')).toBe('github');
    expect(config.getString('commerce.publish.github.owner')).toBe('commerce');
    // No local repository folder is inherited (it would be /.data under WORKDIR /app).
    expect(config.getOptional('commerce.publish.local')).toBeUndefined();
    expect(config.getString('commerce.azure.subscriptionId')).toBe(
      environment.AZURE_SUBSCRIPTION_ID,
    );
    expect(
      new URL(config.getString('commerce.gitops.github.repoUrl')).host,
    ).toBe('github.com');
  });

  it("reads Argo CD's Applications through the AKS cluster as the workload identity, with nothing secret", () => {
    const argocd = readArgoCdConfig(config);
    expect(argocd?.source).toEqual({
      type: 'kubernetes',
      cluster: environment.AKS_CLUSTER_NAME,
      url: environment.AKS_CLUSTER_API_URL,
      caData: environment.AKS_CLUSTER_CA_DATA,
      skipTLSVerify: false,
      auth: { type: 'azure' },
    });
    expect(argocd?.appNamespace).toBe('argocd');
    // The identity may read Applications there (and nothing more of Argo CD's).
    const rules = YAML.parseAllDocuments(
      fs.readFileSync(
        path.join(repoRoot, 'infra/portal/rollouts-reader.yaml'),
        'utf8',
      ),
    )
      .map(d => d.toJS())
      .find(d => d.kind === 'ClusterRole').rules;
    expect(rules).toContainEqual({
      apiGroups: ['argoproj.io'],
      resources: ['applications'],
      verbs: ['get'],
    });
  });

  it("keeps the scaffolder's workspaces on the pod's writable temporary folder", () => {
    // The scaffolder creates task workspaces under backend.workingDirectory (default the OS
    // temporary folder); the root filesystem is read-only, /tmp an emptyDir (infra/portal).
    const workingDirectory =
      config.getOptionalString('backend.workingDirectory') ?? '/tmp';
    const deployment = YAML.parse(
      fs.readFileSync(
        path.join(repoRoot, 'infra/portal/deployment.yaml'),
        'utf8',
      ),
    );
    const [container] = deployment.spec.template.spec.containers;
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const mounts: string[] = container.volumeMounts
      .filter((m: { readOnly?: boolean }) => !m.readOnly)
      .map((m: { mountPath: string }) => m.mountPath);
    expect(
      mounts.some(
        m => workingDirectory === m || workingDirectory.startsWith(`${m}/`),
      ),
    ).toBe(true);
  });
});
