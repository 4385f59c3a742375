import {
  makeValidator,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import type {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { initiatorOf } from './initiator';
import { reservedNameReason } from './platformNames';
import {
  environmentRoutePrefix,
  quotedValue,
  rolloutStrategies,
  serviceNameProblem,
  serviceShortName,
  teamNameProblem,
} from 'generator-commerce-service';
import { examples } from './validateService.examples';

const validator = makeValidator();

/**
 * The full ref of `value` read with `defaultKind`, or undefined when it is not one the catalog
 * accepts: parseEntityRef splits on ":" and "/" only, so a name with a newline or a space would
 * otherwise reach the catalog, which refuses the lookup.
 */
function validEntityRef(
  value: string,
  defaultKind: string,
): string | undefined {
  try {
    const ref = parseEntityRef(value, {
      defaultKind,
      defaultNamespace: 'default',
    });
    return validator.isValidNamespace(ref.namespace) &&
      validator.isValidEntityName(ref.name)
      ? stringifyEntityRef(ref)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The credentials the lookups below read the catalog with. A person's are forwarded as they
 * are. A service token's (the platform-run command's API token, which has accessRestrictions)
 * cannot be: the scaffolder stores the initiator's credentials as JSON, which keeps the
 * restrictions but drops the per-plugin list Backstage checks before forwarding, so every call
 * on its behalf is refused ("Access to target plugin 'catalog' is not included"). A service
 * token is allowed every catalog read anyway, so the scaffolder's own credentials read the same.
 */
async function lookupCredentials(
  initiator: BackstageCredentials,
  auth: AuthService | undefined,
): Promise<BackstageCredentials> {
  return auth?.isPrincipal(initiator, 'service')
    ? auth.getOwnServiceCredentials()
    : initiator;
}

/**
 * `commerce:service:validate` — checks what the form's JSON schema cannot: the owner is a
 * Group and the system a System in the catalog, and the name is not taken by another team's
 * component. Runs first, so
 * bad input stops the template before anything is created, with every problem listed.
 *
 * It also stops a run for a team the person is not in, saying so. The permission policy gates
 * the steps that deploy (plugins/permission-backend-module-commerce, OWNER_CHECKED_ACTIONS);
 * gating this step there too would stop the run with the scaffolder's bare "Unauthorized
 * action", which tells the person nothing about which team to pick.
 */
export function createValidateServiceAction(options: {
  catalog: CatalogService;
  /**
   * For runs started with the portal's API token: see `lookupCredentials` below. Without it
   * the catalog is always read as the person or token that started the run.
   */
  auth?: AuthService;
  /**
   * With `auth`, for the owner check: the person's groups come from their sign-in token, as
   * the permission policy reads them, and the platform team (commerce.permissions.platformTeam)
   * may create a service for any team. Without them the owner is not checked here.
   */
  userInfo?: UserInfoService;
  config?: Config;
}) {
  const { catalog, auth, userInfo, config } = options;
  return createTemplateAction({
    id: 'commerce:service:validate',
    description:
      'Validates a new commerce service: DNS-1123 name not taken by another owner, owner is a catalog Group, positive budget, sane SLO and a rollout strategy the blueprint offers.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z.string({
            description: 'Service name (DNS-1123 label, at most 63)',
          }),
        owner: z =>
          z.string({
            description: 'Owning group: a name or group:<namespace>/<name>',
          }),
        monthlyBudgetUsd: z =>
          z.number({ description: 'Monthly budget in USD; must be positive' }),
        availability: z =>
          z.number({ description: 'Availability objective in %, e.g. 99.95' }),
        latencyP95Ms: z =>
          z.number({ description: 'p95 latency objective in milliseconds' }),
        system: z =>
          z
            .string({
              description:
                'The System the service belongs to: a name or system:<namespace>/<name>. Optional',
            })
            .optional(),
        rolloutStrategy: z =>
          z
            .string({
              description: `How releases reach production: ${rolloutStrategies.join(
                ' or ',
              )}. Optional: empty or missing means canary`,
            })
            .optional(),
      },
      output: {
        ownerRef: z =>
          z.string({ description: 'The owner as a full group entity ref' }),
        ownerName: z => z.string({ description: 'The owning group’s name' }),
        isUpdate: z =>
          z.boolean({
            description:
              'True when the same owner already has a component with this name (a re-run updates it)',
          }),
        devServiceUrl: z =>
          z.string({
            description:
              "Where dev serves the service: commerce.platform.edgeUrl followed by its dev route prefix on the shared gateway, e.g. https://edge.example.com/dev/order/ (the pipeline's SERVICE_URL); empty when edgeUrl is not set",
          }),
      },
    },
    async handler(ctx) {
      const { name, owner, monthlyBudgetUsd, availability, latencyP95Ms } =
        ctx.input;
      const problems: string[] = [];
      const credentials = await lookupCredentials(
        await ctx.getInitiatorCredentials(),
        auth,
      );

      const nameProblem = serviceNameProblem(name);
      if (nameProblem) {
        problems.push(nameProblem);
      }
      // The name becomes rg-<name>, the Argo CD Application and the repository: one named like
      // the platform's would re-tag, redeploy or overwrite the platform's own.
      const reserved = nameProblem ? undefined : reservedNameReason(name);
      if (reserved) {
        problems.push(
          `Name "${name}" is reserved for the platform (${reserved}). Choose another name, e.g. ${name}-service.`,
        );
      }
      if (!(monthlyBudgetUsd > 0)) {
        problems.push(
          `Monthly budget ${monthlyBudgetUsd} USD: enter a positive amount, e.g. 300.`,
        );
      }
      if (!(availability >= 90 && availability < 100)) {
        problems.push(
          `Availability ${availability} %: choose a target from 90 up to (not including) 100, e.g. 99.95.`,
        );
      }
      if (!(Number.isInteger(latencyP95Ms) && latencyP95Ms > 0)) {
        problems.push(
          `p95 latency ${latencyP95Ms} ms: enter a whole, positive number of milliseconds.`,
        );
      }

      // Checked here rather than by a zod enum in the schema, so a bad value is listed with the
      // other problems, in words. Empty is "not chosen" (a run that skips the form renders a
      // missing parameter as ""): the blueprint then releases as a canary.
      const { rolloutStrategy } = ctx.input;
      if (
        rolloutStrategy &&
        !(rolloutStrategies as readonly string[]).includes(rolloutStrategy)
      ) {
        problems.push(
          `Rollout strategy ${quotedValue(
            rolloutStrategy,
          )} is not one the blueprint offers: choose canary (traffic moves step by step, analysed at every step) or blueGreen (a preview a person promotes; all traffic switches at once).`,
        );
      }

      const ownerRef = validEntityRef(owner, 'group') ?? '';
      if (!ownerRef) {
        problems.push(
          `Owner ${quotedValue(owner)} is not a group name or group reference.`,
        );
      }
      // The team names the service's namespaces (<team>, <team>-dev): a group the catalog
      // accepts (up to 63 characters, upper case, "_") may still be no namespace name.
      const teamProblem = ownerRef
        ? teamNameProblem(parseEntityRef(ownerRef).name)
        : undefined;
      if (teamProblem) {
        problems.push(teamProblem);
      }
      if (ownerRef && auth && userInfo && config) {
        const initiator = await initiatorOf({
          credentials: await ctx.getInitiatorCredentials(),
          auth,
          userInfo,
          config,
        });
        if (
          !initiator.unrestricted &&
          !initiator.ownershipEntityRefs.includes(
            ownerRef.toLocaleLowerCase('en-US'),
          )
        ) {
          const ownTeams = initiator.ownershipEntityRefs
            .filter(ref => ref.startsWith('group:'))
            .map(ref => parseEntityRef(ref).name);
          throw new NotAllowedError(
            `You (${
              initiator.ref
            }) are not a member of ${ownerRef}: a service template creates services for its runner's own team, so nothing was created. ${
              ownTeams.length > 0
                ? `Choose your team as the owner (${ownTeams.join(', ')}), `
                : 'Join a team in the catalog first, '
            }or ask a member of ${
              parseEntityRef(ownerRef).name
            } to run the template.`,
          );
        }
      }
      if (ownerRef) {
        const group = await catalog.getEntityByRef(ownerRef, { credentials });
        if (!group || group.kind !== 'Group') {
          problems.push(
            `Owner ${quotedValue(
              owner,
            )} is not a group in the catalog. Pick one of the teams listed in the owner field (Catalog → Kind: Group).`,
          );
        }
      }

      // The form's EntityPicker gives a full ref; a request that skips the form may send anything,
      // and the blueprint would otherwise refuse it later, after the run has started.
      if (ctx.input.system) {
        const { system } = ctx.input;
        const systemRef = validEntityRef(system, 'system');
        if (!systemRef) {
          problems.push(
            `System ${quotedValue(
              system,
            )} is not a system name or system reference.`,
          );
        }
        if (systemRef) {
          const entity = await catalog.getEntityByRef(systemRef, {
            credentials,
          });
          if (!entity || entity.kind !== 'System') {
            problems.push(
              `System ${quotedValue(
                system,
              )} is not a system in the catalog. Pick one in the system field (e.g. system:default/commerce-platform).`,
            );
          }
        }
      }

      let isUpdate = false;
      if (!nameProblem) {
        const existing = await catalog.getEntityByRef(
          { kind: 'Component', namespace: 'default', name },
          { credentials },
        );
        if (existing) {
          const existingOwner = String(existing.spec?.owner ?? '');
          const sameOwner =
            existingOwner === ownerRef ||
            `group:default/${existingOwner}` === ownerRef;
          if (sameOwner) {
            isUpdate = true;
            ctx.logger.info(
              `${name} already exists and is owned by ${ownerRef}: this run updates it.`,
            );
          } else {
            problems.push(
              `Name "${name}" is taken by a component owned by ${existingOwner}. Choose another name, or ask that team.`,
            );
          }
        }
      }

      if (problems.length > 0) {
        throw new InputError(
          `This service cannot be created yet:\n- ${problems.join('\n- ')}`,
        );
      }
      ctx.output('ownerRef', ownerRef);
      ctx.output('ownerName', parseEntityRef(ownerRef).name);
      ctx.output('isUpdate', isUpdate);
      ctx.output('devServiceUrl', devServiceUrl(config, name));
    },
  });
}

/**
 * dev's public URL of a service: it runs on the shared gateway behind the platform's edge, under
 * the blueprint's dev route prefix (/dev/<short name>). The edge's address is known once the
 * platform's Front Door exists (infra/main.bicep output FRONT_DOOR_ENDPOINT_HOSTNAME), so it is
 * configuration; without it the URL cannot be known and is empty. Ends with "/" so relative
 * paths resolve under the prefix.
 */
function devServiceUrl(config: Config | undefined, name: string): string {
  const edgeUrl = config?.getOptionalString('commerce.platform.edgeUrl');
  if (!edgeUrl) return '';
  let url: URL;
  try {
    url = new URL(edgeUrl);
  } catch {
    url = new URL('invalid:');
  }
  if (url.protocol !== 'https:' || url.search || url.hash) {
    throw new InputError(
      `commerce.platform.edgeUrl is ${quotedValue(
        edgeUrl,
      )}: set the platform edge's public https base URL, e.g. https://fde-commerce-platform-abc123.z01.azurefd.net (infra/main.bicep output FRONT_DOOR_ENDPOINT_HOSTNAME), or leave it unset.`,
    );
  }
  return `${url.origin}${url.pathname.replace(
    /\/+$/,
    '',
  )}${environmentRoutePrefix(serviceShortName(name), 'dev')}/`;
}
