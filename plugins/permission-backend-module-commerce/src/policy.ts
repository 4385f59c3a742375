import type { UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityReadPermission,
  catalogEntityRefreshPermission,
  catalogEntityValidatePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
  catalogLocationReadPermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  createScaffolderActionConditionalDecision,
  createScaffolderTaskConditionalDecision,
  createScaffolderTemplateConditionalDecision,
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  actionExecutePermission,
  taskCancelPermission,
  taskCreatePermission,
  taskReadPermission,
  templateDryRunPermission,
  templateManagementPermission,
  templateParameterReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import { platformReviewRefreshPermission } from '@internal/plugin-platform-review-common';
import type { CommercePermissionsConfig } from './config';

/*
 * The portal's permission policy (issue #8, production readiness).
 *
 * - Anyone signed in reads: the catalog, and through it the SLO, cost, rollout and review pages.
 *   Those plugins define no permissions of their own; their backends accept signed-in users only
 *   (Backstage's default auth policy) and read entities through the catalog.
 * - Running a template that deploys to production needs membership of the owner group chosen in
 *   the form, or of the platform team. The check is made by the scaffolder in the backend, on
 *   each step's rendered input, as the task runs (`scaffolder.action.execute`, below): a request
 *   that skips the form, or a template that omits it, meets the same check.
 * - Registering, unregistering and deleting entities, and running the platform template: the
 *   platform team only. Entities are edited in their repositories (Git decides who may), so the
 *   portal's part of "editing" is registration, deletion and refresh. The platform template's
 *   run stops at its first step that deploys (commerce:platform:fetch-infra, the platform team's
 *   alone) for anyone else; form pages and steps tagged `platform` are also hidden from them.
 * - The leads' decision log is not written by the portal: platform-review-backend only reads the
 *   decision records from each entity's `backstage.io/adr-location` folder, so there is no write
 *   permission here to give to leads. Records change by pull request, where the repository's
 *   review rules (CODEOWNERS) decide who may approve.
 *
 * Service-to-service calls never reach this policy: Backstage allows a plugin's own service
 * credentials outright (ServerPermissionClient). Calls a plugin makes on behalf of a user carry
 * that user and are decided here like the user's own.
 */

/**
 * The tag that marks a template's parameters and steps as the platform team's, in each
 * parameter page's or step's `backstage:permissions: { tags: [platform] }` (the scaffolder's
 * `hasTag` rule reads that, not the template's `metadata.tags`).
 */
export const PLATFORM_TEMPLATE_TAG = 'platform';

/** A scaffolder action that changes production, and where its input names the owning team. */
export interface OwnerCheckedAction {
  actionId: string;
  /** The input property (a lodash path) holding the owner. */
  ownerProperty: string;
  /** How the action's input may spell one of the requester's ownership refs. */
  spellings(ownershipRef: string): string[];
}

/**
 * The actions only the owning team (or the platform team) may run. Every commerce service
 * template runs them; the owner they name comes from the form.
 *
 * In every environment, dev included: a service's dev and prod resource groups
 * (rg-<service>-dev, rg-<service>-prod) and its delivery identities (rg-<service>-delivery) are
 * in one subscription and created by one run, so an `environment` input would be a label, not a
 * boundary.
 */
export const OWNER_CHECKED_ACTIONS: readonly OwnerCheckedAction[] = [
  {
    actionId: 'commerce:azure:resource-group',
    // The cost tag carries the group's name, e.g. checkout-team.
    ownerProperty: 'tags.owner',
    spellings: ref => {
      const group = defaultNamespaceGroup(ref);
      return group ? [group] : [];
    },
  },
  {
    actionId: 'commerce:azure:deploy',
    // The full group ref, e.g. group:default/checkout-team.
    ownerProperty: 'owner',
    spellings: ref => [ref],
  },
  {
    // The action deploys only into the owner's Argo CD project and namespace, and only a
    // service the catalog says the owner owns; this makes the owner the runner's own team.
    actionId: 'commerce:gitops:register',
    ownerProperty: 'owner',
    spellings: ref => [ref],
  },
];

/**
 * Actions only the platform team runs: fetching the shared platform's Bicep starts the platform
 * template's deployment of the shared infrastructure, which has no other owner.
 */
export const PLATFORM_ONLY_ACTIONS: readonly string[] = [
  'commerce:platform:fetch-infra',
];
// Not checked by owner here: commerce:service:validate, the first step of every service
// template. It checks the owner itself against the same token and stops a run for another team
// with a message naming the person's own team; denied here, the step would fail with the
// scaffolder's bare "Unauthorized action". The steps that publish nothing but validate anyway
// and every deploying step stay gated above.
// Not checked by owner here: commerce:catalog:register(-local), whose input is a URL or path.
// The actions check it themselves, on what a template cannot forge: the file must be the one the
// same task published, and its entities new ones of the initiator's own team (issue #14 item 9;
// registration.integration.test.ts runs templates that try otherwise).

/** Who is asking, as far as this policy cares. */
interface Requester {
  userEntityRef: string;
  ownershipEntityRefs: string[];
  isPlatformEngineer: boolean;
}

type Rule = (who: Requester) => PolicyDecision;

const allow: PolicyDecision = { result: AuthorizeResult.ALLOW };
const deny: PolicyDecision = { result: AuthorizeResult.DENY };

const anyoneSignedIn: Rule = () => allow;
const platformTeamOnly: Rule = who => (who.isPlatformEngineer ? allow : deny);
const platformTeamOr =
  (others: Rule): Rule =>
  who =>
    who.isPlatformEngineer ? allow : others(who);

/**
 * The decision for each permission the portal's plugins define, by name. A permission not
 * listed: reading is allowed to anyone signed in; anything else is the platform team's.
 */
const rules: Record<string, Rule> = {
  // --- Catalog -------------------------------------------------------------------------------
  [catalogEntityReadPermission.name]: anyoneSignedIn,
  [catalogLocationReadPermission.name]: anyoneSignedIn,
  // Checks a catalog-info.yaml without storing anything (the entity validation page, CI).
  [catalogEntityValidatePermission.name]: anyoneSignedIn,
  // The "Register existing component" page; the backend's check is location.create below.
  [catalogEntityCreatePermission.name]: platformTeamOnly,
  [catalogLocationAnalyzePermission.name]: platformTeamOnly,
  // Registering, directly (catalog page or API) or from a template. The stock catalog:register
  // calls the catalog as the person running the template, so it works for the platform team
  // only — a location names any URL, and this permission has no resource to condition on. A
  // template meant for everyone (ours, and stock ones the platform team adds) registers with
  // commerce:catalog:register (same inputs) or commerce:catalog:register-local, which use the
  // scaffolder's own credentials (never reaching this policy) and register only the repository
  // the same task published, with new entities of the runner's own team.
  [catalogLocationCreatePermission.name]: platformTeamOnly,
  [catalogLocationDeletePermission.name]: platformTeamOnly,
  [catalogEntityDeletePermission.name]: platformTeamOnly,
  // A refresh re-reads the entity from its repository and changes nothing the repository does
  // not say, so a team may refresh what it owns (e.g. after editing its catalog-info.yaml).
  [catalogEntityRefreshPermission.name]: platformTeamOr(who =>
    createCatalogConditionalDecision(
      catalogEntityRefreshPermission,
      catalogConditions.isEntityOwner({ claims: who.ownershipEntityRefs }),
    ),
  ),

  // --- Scaffolder ----------------------------------------------------------------------------
  [taskCreatePermission.name]: anyoneSignedIn,
  // A task's parameters and log name what a team is building (and, for a failed run, the errors
  // of its cloud calls): its creator and the platform team read it, no one else. The scaffolder
  // applies the condition to GET /v2/tasks (as a filter), /v2/tasks/:id, /events and
  // /eventstream (issue #14).
  [taskReadPermission.name]: platformTeamOr(who =>
    createScaffolderTaskConditionalDecision(
      taskReadPermission,
      scaffolderTaskConditions.isTaskOwner({ createdBy: [who.userEntityRef] }),
    ),
  ),
  [taskCancelPermission.name]: platformTeamOr(who =>
    createScaffolderTaskConditionalDecision(
      taskCancelPermission,
      scaffolderTaskConditions.isTaskOwner({ createdBy: [who.userEntityRef] }),
    ),
  ),
  // The platform template's form pages and steps (those tagged `platform`) are hidden from
  // everyone else; untagged ones, as in the service templates, are for anyone.
  [templateParameterReadPermission.name]: platformTeamOr(() =>
    createScaffolderTemplateConditionalDecision(
      templateParameterReadPermission,
      {
        not: scaffolderTemplateConditions.hasTag({
          tag: PLATFORM_TEMPLATE_TAG,
        }),
      },
    ),
  ),
  [templateStepReadPermission.name]: platformTeamOr(() =>
    createScaffolderTemplateConditionalDecision(templateStepReadPermission, {
      not: scaffolderTemplateConditions.hasTag({ tag: PLATFORM_TEMPLATE_TAG }),
    }),
  ),
  [actionExecutePermission.name]: platformTeamOr(actionExecuteDecision),
  // The template editor runs any template YAML pasted into it (as a dry run): template
  // authoring is the platform team's, like registering templates.
  [templateDryRunPermission.name]: platformTeamOnly,
  [templateManagementPermission.name]: platformTeamOnly,

  // --- Platform review -----------------------------------------------------------------------
  // A rebuild reads every service repository (the GitHub App's rate limit); see the router.
  [platformReviewRefreshPermission.name]: platformTeamOnly,

  // --- Kubernetes ----------------------------------------------------------------------------
  // The proxy forwards any request, writes included, to the cluster as the backend's identity.
  'kubernetes.proxy': platformTeamOnly,
};

/**
 * Outside the platform team: any action but the gated ones, and a gated one only when its
 * input names a team the requester belongs to.
 */
function actionExecuteDecision(who: Requester): PolicyDecision {
  const { hasActionId, hasStringProperty } = scaffolderActionConditions;
  type Criteria = PermissionCriteria<PermissionCondition<'scaffolder-action'>>;

  const gatedActionIds = [
    ...OWNER_CHECKED_ACTIONS.map(action => action.actionId),
    ...PLATFORM_ONLY_ACTIONS,
  ];
  const notGated: Criteria = {
    not: anyOf(gatedActionIds.map(actionId => hasActionId({ actionId }))),
  };
  const forOwnTeam: Criteria[] = OWNER_CHECKED_ACTIONS.flatMap(action => {
    const values = [
      ...new Set(who.ownershipEntityRefs.flatMap(ref => action.spellings(ref))),
    ];
    if (values.length === 0) {
      return [];
    }
    return [
      {
        allOf: [
          hasActionId({ actionId: action.actionId }),
          anyOf(
            values.map(value =>
              hasStringProperty({ key: action.ownerProperty, value }),
            ),
          ),
        ],
      },
    ];
  });
  return createScaffolderActionConditionalDecision(actionExecutePermission, {
    anyOf: [notGated, ...forOwnTeam],
  });
}

function anyOf<T>(criteria: PermissionCriteria<T>[]): PermissionCriteria<T> {
  const [first, ...rest] = criteria;
  if (!first) {
    throw new Error('anyOf needs at least one criterion');
  }
  return rest.length === 0 ? first : { anyOf: [first, ...rest] };
}

/** The group's name when `ref` is a group in the default namespace. */
function defaultNamespaceGroup(ref: string): string | undefined {
  try {
    const { kind, namespace, name } = parseEntityRef(ref);
    return kind.toLocaleLowerCase('en-US') === 'group' &&
      namespace === 'default'
      ? name
      : undefined;
  } catch {
    return undefined;
  }
}

/** The portal's permission policy; see the comment at the top of this file. */
export class CommercePermissionPolicy implements PermissionPolicy {
  private readonly platformTeamRef: string;
  private readonly userInfo: UserInfoService;

  constructor(options: {
    config: CommercePermissionsConfig;
    /** Gives each requester's ownership refs (the user and their groups) from their token. */
    userInfo: UserInfoService;
  }) {
    this.platformTeamRef = options.config.platformTeamRef;
    this.userInfo = options.userInfo;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    // No user: a request without a Backstage token (the permission backend lets those ask).
    if (!user) {
      return deny;
    }
    const { userEntityRef, ownershipEntityRefs } =
      await this.userInfo.getUserInfo(user.credentials);
    const who: Requester = {
      userEntityRef,
      ownershipEntityRefs,
      isPlatformEngineer: ownershipEntityRefs.some(
        ref => ref.toLocaleLowerCase('en-US') === this.platformTeamRef,
      ),
    };

    const { permission } = request;
    const rule =
      rules[permission.name] ??
      (permission.attributes.action === 'read'
        ? anyoneSignedIn
        : platformTeamOnly);
    return rule(who);
  }
}
