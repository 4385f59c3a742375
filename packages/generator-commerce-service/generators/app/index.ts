import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Generator from 'yeoman-generator';
import { stringify } from 'yaml';
import {
  commonEnv,
  composeOpenApi,
  composePackageJson,
} from '../../src/compose.ts';
import { edgeOf } from '../../src/edge.ts';
import {
  applicationFile,
  applicationName,
  applicationSourcePath,
  environmentNamespace,
  environmentRoutePrefix,
  serviceEnvironments,
} from '../../src/environments.ts';
import {
  bicepString,
  entraOf,
  loadTestServiceSettings,
} from '../../src/entra.ts';
import { catalogAdminRole } from '../../src/kinds/openapi.ts';
import { serviceKeyVaultName, serviceKeyVaultUrl } from '../../src/keyVault.ts';
import { kindPart, type KindPart } from '../../src/kinds/index.ts';
import { blueGreen, canarySteps, platform } from '../../src/platform.ts';
import { serviceShortName } from '../../src/serviceName.ts';
import {
  renderSloFiles,
  sloDashboardUid,
  type SloPlatform,
} from '../../src/slo-files.ts';
import {
  InvalidServiceOptionsError,
  parseServiceOptions,
  serviceOptionHelp,
  type ServiceSpec,
} from '../../src/spec.ts';

const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The platform facts the SLO files point at, as the service's scripts/slo-platform.json. */
export const sloPlatform: SloPlatform = {
  prometheusAddress: platform.prometheusAddress,
  portalUrl: platform.portalUrl,
  grafanaDatasourceUid: platform.grafanaDatasourceUid,
  canaryHashLabel: platform.canaryHashLabel,
  // prod first: its dashboard is the one the catalog links (commerce.platform/grafana-dashboard-uid).
  environments: [...serviceEnvironments]
    .sort((a, b) => (a === 'prod' ? -1 : b === 'prod' ? 1 : 0))
    .map(name => ({
      name,
      namespaceSuffix: environmentNamespace('', name),
    })),
};
const { version: blueprintVersion } = JSON.parse(
  readFileSync(`${packageRoot}package.json`, 'utf8'),
) as { version: string };

/**
 * The commerce-service blueprint. Options only: no prompts, no install.
 *
 *   yo commerce-service --kind cart --name cart-service --owner checkout-team \
 *     --availability 99.95 --latencyP95Ms 100 --region westeurope --monthlyBudgetUsd 250
 */
export default class CommerceServiceGenerator extends Generator {
  private spec!: ServiceSpec;
  private part!: KindPart;

  constructor(args: string[], options: Record<string, unknown>) {
    // The generated repository is installed by its own CI and its engineers, never here.
    super(args, { ...options, skipInstall: true } as never);
    for (const [name, help] of Object.entries(serviceOptionHelp)) {
      this.option(name, {
        type: help.type === 'number' ? Number : String,
        description: help.description,
        ...(help.default === undefined ? {} : { default: help.default }),
      });
    }
    // Not a property of the service: where to write it. The platform run generates the four
    // services side by side in one workspace, each into its own folder.
    this.option('destination', {
      type: String,
      description:
        'Folder, relative to the working directory, to write the service into. Default: the working directory',
    });
    this.sourceRoot(`${packageRoot}templates`);
  }

  initializing(): void {
    const options = this.options as Record<string, unknown>;
    const destination = options.destination;
    if (typeof destination === 'string' && destination !== '') {
      if (
        path.isAbsolute(destination) ||
        destination.split(/[\\/]/).includes('..')
      ) {
        throw new InvalidServiceOptionsError([
          `destination "${destination}" must be a folder inside the working directory, e.g. ${String(
            options.name ?? 'order-service',
          )}`,
        ]);
      }
      this.destinationRoot(this.destinationPath(destination));
    }
    this.spec = parseServiceOptions(
      this.options as Record<string, unknown>,
      blueprintVersion,
    );
    this.part = kindPart(this.spec.kind);
  }

  writing(): void {
    const openApi = composeOpenApi(this.spec, this.part);
    const env = [...commonEnv(this.spec), ...this.part.env(this.spec)];
    // A vault of its own per environment when the service reads secrets (src/keyVault.ts).
    const keyVault = env.some(e => 'keyVaultSecret' in e.production)
      ? Object.fromEntries(
          serviceEnvironments.map(environment => {
            const name = serviceKeyVaultName(
              platform.githubOrg,
              this.spec.name,
              environment,
            );
            return [environment, { name, url: serviceKeyVaultUrl(name) }];
          }),
        )
      : undefined;
    const context = {
      spec: this.spec,
      part: this.part,
      env,
      keyVault,
      platform,
      canarySteps,
      blueGreen,
      // The gateway's routes and policies, derived from the same document the service serves.
      edge: edgeOf(openApi, this.spec),
      // dev's routes on the same gateway (environments/dev patches them in).
      devEdge: edgeOf(openApi, this.spec, 'dev'),
      // The API's Entra app registration and app roles, from the same document.
      entra: entraOf(openApi, this.spec, this.part),
      bicepString,
      // The settings the load script (and verify-dev) reach another service's API with.
      loadTestServiceSettings,
      // Where another service answers in dev, on the same gateway (release.yml's verify-dev).
      devRoutePrefixOf: (name: string) =>
        environmentRoutePrefix(serviceShortName(name), 'dev'),
      // The payment kind's order-service double serves the price book's writes with it.
      catalogAdminRole,
      // catalog-info.yaml names prod's dashboard (environments/prod/grafana-dashboard.yaml).
      sloDashboardUid,
    };
    const copy = (from: string) =>
      // Template files are named *.ejs so tools here leave them alone; copyTpl drops the suffix.
      this.fs.copyTpl(
        this.templatePath(from),
        this.destinationPath(),
        context,
        undefined,
        {
          globOptions: { dot: true },
        },
      );
    copy('common/**');
    // One Argo CD Application per environment (src/environments.ts): its own name, overlay and
    // namespace.
    for (const name of serviceEnvironments) {
      this.fs.copyTpl(
        this.templatePath('argocd/application.yaml.ejs'),
        this.destinationPath(applicationFile(name)),
        {
          ...context,
          environment: {
            name,
            application: applicationName(this.spec.name, name),
            namespace: environmentNamespace(this.spec.ownerName, name),
            sourcePath: applicationSourcePath(name),
          },
        },
      );
    }
    copy(`kinds/${this.spec.kind}/**`);
    // `npm run loadtest`: every kind's scenario (KindPart.loadTest), which its CI runs.
    copy('loadtest/**');
    // The SLO files come from openslo.yaml through the module the service itself runs as
    // `npm run slo:generate`, copied byte for byte: generating and regenerating cannot differ.
    this.fs.copy(
      `${packageRoot}src/slo-files.ts`,
      this.destinationPath('scripts/slo-files.ts'),
    );
    this.fs.writeJSON(
      this.destinationPath('scripts/slo-platform.json'),
      sloPlatform,
    );
    const slo = renderSloFiles({
      openSlo: this.fs.read(this.destinationPath('openslo.yaml'))!,
      catalogInfo: this.fs.read(this.destinationPath('catalog-info.yaml'))!,
      platform: sloPlatform,
    });
    for (const [file, text] of Object.entries(slo)) {
      this.fs.write(this.destinationPath(file), text);
    }
    this.fs.writeJSON(
      this.destinationPath('package.json'),
      composePackageJson(this.spec, this.part),
    );
    this.fs.write(
      this.destinationPath('openapi.yaml'),
      `# The ${
        this.spec.name
      } API. Requests are validated against these schemas at run time;\n# test/contract.test.ts checks that routes and this document match.\n${stringify(
        openApi,
        { lineWidth: 100, aliasDuplicateObjects: false },
      )}`,
    );
  }
}
