import {
  type Entity,
  type GroupEntity,
  isUserEntity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  defaultGroupTransformer,
  type GroupTransformer,
  MICROSOFT_GRAPH_USER_ID_ANNOTATION,
} from '@backstage/plugin-catalog-backend-module-msgraph';
import type { CatalogProcessor } from '@backstage/plugin-catalog-node';

/** The name an Entra team group gets in the catalog: its team's, with this prefix. */
export const ENTRA_TEAM_GROUP_PREFIX = 'entra-';

/** On a team of catalog/org.yaml: the object id of the Entra ID group whose members are its members. */
export const ENTRA_GROUP_ID_ANNOTATION = 'commerce.platform/entra-group-id';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where the teams are read from: the catalog's Groups carrying the annotation. */
export type TeamsSource = () => Promise<
  Array<{ name: string; groupId: string | undefined }>
>;

/**
 * Which Entra ID security group's members are each portal team's members: the team's own
 * `commerce.platform/entra-group-id` annotation in catalog/org.yaml (one place, reviewed with
 * the team; only the portal's own catalog may declare Groups). Teams stay those Groups (their
 * budgets, parents and the services they own); Entra decides who is in them.
 */
export class EntraTeams {
  constructor(
    private readonly options: {
      teams: TeamsSource;
      logger: { info(message: string): void; warn(message: string): void };
      /** How long a run waits for the catalog's first team (a new portal's first start). */
      waitForTeamsMs?: number;
    },
  ) {}

  /**
   * The teams, waiting while the catalog has none yet: on a new portal's first start the
   * provider's first run can come before catalog/org.yaml is processed, and reading then would
   * leave every team empty until the next run (an hour). After the wait it goes on without
   * teams (people are still read, no group is), saying what to add.
   */
  private async teamsWhenKnown(): Promise<Map<string, string>> {
    const deadline = Date.now() + (this.options.waitForTeamsMs ?? 180_000);
    for (let waited = false; ; waited = true) {
      const teams = await this.teamsByGroupId();
      if (teams.size > 0) {
        return teams;
      }
      if (Date.now() > deadline) {
        this.options.logger.warn(
          `No Group in the catalog names its Entra group (${ENTRA_GROUP_ID_ANNOTATION}): people ` +
            'are read from Entra ID, but no team gets members from it until the teams in ' +
            'catalog/org.yaml carry the annotation (docs/entra-org.md)',
        );
        return teams;
      }
      if (!waited) {
        this.options.logger.info(
          `Waiting for the catalog's teams (${ENTRA_GROUP_ID_ANNOTATION}) before reading Entra groups`,
        );
      }
      await new Promise(resolve => setTimeout(resolve, 2_000));
    }
  }

  /** Entra group object id → team name, as the catalog has it now. */
  async teamsByGroupId(): Promise<Map<string, string>> {
    const byGroupId = new Map<string, string>();
    for (const { name, groupId } of await this.options.teams()) {
      const id = groupId?.trim().toLocaleLowerCase('en-US') ?? '';
      if (!GUID.test(id)) {
        this.options.logger.warn(
          `Group ${name} has ${ENTRA_GROUP_ID_ANNOTATION} "${groupId}"; set the object id of the ` +
            "team's Entra ID security group (a GUID: az ad group show --group <name> --query id)",
        );
        continue;
      }
      const other = byGroupId.get(id);
      if (other) {
        this.options.logger.warn(
          `Groups ${other} and ${name} both name Entra group ${id}; its members join ${other} ` +
            'only: give each team its own group',
        );
        continue;
      }
      byGroupId.set(id, name);
    }
    return byGroupId;
  }

  /**
   * The Microsoft Graph provider's group transformer: a team's group becomes Group
   * `entra-<team>`, a child of its team; any other group is left out of the catalog, so no
   * group that someone else created (users may create security groups in many tenants) can
   * stand for a team, whatever it is called. The teams are read once per provider run; when
   * the catalog cannot be asked the run fails and the catalog keeps what the last run read.
   */
  groupTransformer(): GroupTransformer {
    let current:
      | { at: number; teams: Promise<Map<string, string>> }
      | undefined;
    return async (group, photo) => {
      // One provider run transforms every group within seconds: read the teams once per run.
      if (!current || Date.now() - current.at > 60_000) {
        current = { at: Date.now(), teams: this.teamsWhenKnown() };
        // A failed read is not remembered: the next run asks again.
        current.teams.catch(() => {
          current = undefined;
        });
      }
      const team = group.id
        ? (await current.teams).get(group.id.toLocaleLowerCase('en-US'))
        : undefined;
      if (!team) {
        this.options.logger.info(
          `Entra group "${group.displayName}" (${group.id}) is no team's ${ENTRA_GROUP_ID_ANNOTATION}; ` +
            'it is not read into the catalog',
        );
        return undefined;
      }
      const entity = (await defaultGroupTransformer(group, photo)) as
        | GroupEntity
        | undefined;
      if (!entity) {
        return undefined;
      }
      entity.metadata.name = `${ENTRA_TEAM_GROUP_PREFIX}${team}`;
      entity.metadata.description ??= `The Entra ID group whose members are ${team}'s members.`;
      entity.spec.parent = stringifyEntityRef({ kind: 'Group', name: team });
      return entity;
    };
  }
}

/**
 * Makes the members of a team's Entra group members of the team itself: for a User the
 * Microsoft Graph provider read, each `entra-<team>` in `spec.memberOf` adds `<team>`. The catalog then relates the User to the team (memberOf / hasMember), so the
 * person owns what the team owns when they sign in, and team notifications reach them.
 */
export class EntraTeamMembershipProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'EntraTeamMembershipProcessor';
  }

  async preProcessEntity(entity: Entity): Promise<Entity> {
    if (
      !isUserEntity(entity) ||
      !entity.metadata.annotations?.[MICROSOFT_GRAPH_USER_ID_ANNOTATION]
    ) {
      return entity;
    }
    const memberOf = entity.spec.memberOf ?? [];
    const teams = memberOf.flatMap(ref => {
      const { name } = parseEntityRef(ref, {
        defaultKind: 'Group',
        defaultNamespace: 'default',
      });
      const team = name.startsWith(ENTRA_TEAM_GROUP_PREFIX)
        ? name.slice(ENTRA_TEAM_GROUP_PREFIX.length)
        : undefined;
      // Only the transformer above names a Group entra-<team> (for a team naming its group),
      // and only the portal's own catalog may declare Groups.
      return team ? [stringifyEntityRef({ kind: 'Group', name: team })] : [];
    });
    const added = teams.filter(t => !memberOf.includes(t));
    if (added.length === 0) {
      return entity;
    }
    return {
      ...entity,
      spec: { ...entity.spec, memberOf: [...memberOf, ...added] },
    };
  }
}
