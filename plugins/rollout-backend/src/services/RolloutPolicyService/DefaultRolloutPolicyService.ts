import type {
  BackstageCredentials,
  UrlReaderService,
} from '@backstage/backend-plugin-api';
import {
  type CompoundEntityRef,
  type Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { isError, NotFoundError, toError } from '@backstage/errors';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  asDirectoryUrl,
  entityFileUrl,
  parseYamlDocuments,
  readEntityFile,
} from '@internal/plugin-catalog-files-node';
import {
  checkPolicyAgainstSlo,
  type EntityRolloutReport,
  readRolloutPolicy,
  ROLLOUT_POLICY_ANNOTATION,
  ROLLOUT_POLICY_FILES,
  type RolloutPolicy,
  sloTargetsFromOpenSlo,
} from '@internal/plugin-rollout-common';
import { readOpenSlo, SLO_FILE_ANNOTATION } from '@internal/plugin-slo-common';
import type { RolloutPolicyService } from './types';

/**
 * Reads the policy and the SLO through the backend's UrlReader, so GitHub, Azure DevOps and the
 * local repositories folder are read the same way, with the integrations' credentials.
 */
export class DefaultRolloutPolicyService implements RolloutPolicyService {
  static create(options: {
    catalog: CatalogService;
    urlReader: UrlReaderService;
    integrations: ScmIntegrationRegistry;
  }): DefaultRolloutPolicyService {
    return new DefaultRolloutPolicyService(
      options.catalog,
      options.urlReader,
      options.integrations,
    );
  }

  private constructor(
    private readonly catalog: CatalogService,
    private readonly urlReader: UrlReaderService,
    private readonly integrations: ScmIntegrationRegistry,
  ) {}

  async getEntityRolloutReport(
    ref: CompoundEntityRef,
    options: { credentials: BackstageCredentials },
  ): Promise<EntityRolloutReport> {
    const entityRef = stringifyEntityRef(ref);
    const entity = await this.catalog.getEntityByRef(ref, options);
    if (!entity) {
      throw new NotFoundError(
        `The catalog has no entity ${entityRef}; check the kind, namespace and name`,
      );
    }
    const [policyPart, sloPart] = await Promise.all([
      this.readPolicy(entity),
      this.readSloTargets(entity),
    ]);
    const findings = policyPart.policy
      ? checkPolicyAgainstSlo(policyPart.policy, sloPart.slo ?? {})
      : [];
    return {
      entityRef,
      policyUrl: policyPart.policyUrl,
      policyFiles: policyPart.policyFiles,
      policy: policyPart.policy,
      slo: sloPart.slo,
      findings,
      problems: [...policyPart.problems, ...sloPart.problems],
    };
  }

  private async readPolicy(entity: Entity): Promise<{
    policyUrl?: string;
    policyFiles?: EntityRolloutReport['policyFiles'];
    policy?: RolloutPolicy;
    problems: string[];
  }> {
    const label = entity.metadata.annotations?.[ROLLOUT_POLICY_ANNOTATION];
    let policyUrl: string | undefined;
    let policyFiles: EntityRolloutReport['policyFiles'];
    try {
      const url = entityFileUrl(
        entity,
        ROLLOUT_POLICY_ANNOTATION,
        this.integrations,
      );
      if (url) {
        policyUrl = asDirectoryUrl(url);
        policyFiles = {
          rollout: this.integrations.resolveUrl({
            url: ROLLOUT_POLICY_FILES.rollout,
            base: policyUrl,
          }),
          analysisTemplates: this.integrations.resolveUrl({
            url: ROLLOUT_POLICY_FILES.analysisTemplates,
            base: policyUrl,
          }),
        };
      }
    } catch (error) {
      // entityFileUrl explains itself (InputError); the URL parser only says "Invalid URL".
      return {
        problems: [
          isError(error) && error.name === 'InputError'
            ? error.message
            : `${stringifyEntityRef(
                entity,
              )}: ${ROLLOUT_POLICY_ANNOTATION} is "${label}", which does not lead to a directory the policy can be read from (${
                toError(error).message
              }); write a path relative to catalog-info.yaml such as deploy/, or url:https://<host>/<repository>/<path>/deploy/`,
        ],
      };
    }
    if (!policyUrl || !policyFiles) {
      return {
        problems: [
          `${stringifyEntityRef(
            entity,
          )} has no ${ROLLOUT_POLICY_ANNOTATION} annotation; add one naming the directory that holds ${
            ROLLOUT_POLICY_FILES.rollout
          } and ${ROLLOUT_POLICY_FILES.analysisTemplates}, e.g. deploy/`,
        ],
      };
    }
    const directory = label?.replace(/\/?$/, '/') ?? '';
    const [rollout, templates] = await Promise.all([
      this.readYaml(
        policyFiles.rollout,
        `${directory}${ROLLOUT_POLICY_FILES.rollout}`,
      ),
      this.readYaml(
        policyFiles.analysisTemplates,
        `${directory}${ROLLOUT_POLICY_FILES.analysisTemplates}`,
      ),
    ]);
    const problems = [...rollout.problems, ...templates.problems];
    // Without rollout.yaml there is no policy; "no Rollout found" would only repeat the problem.
    if (!rollout.documents) {
      return { policyUrl, policyFiles, problems };
    }
    const read = readRolloutPolicy([
      ...rollout.documents,
      ...(templates.documents ?? []),
    ]);
    problems.push(...read.problems.map(p => `${directory}: ${p}`));
    return { policyUrl, policyFiles, policy: read.policy, problems };
  }

  private async readSloTargets(
    entity: Entity,
  ): Promise<{ slo?: EntityRolloutReport['slo']; problems: string[] }> {
    const label =
      entity.metadata.annotations?.[SLO_FILE_ANNOTATION] ?? 'the SLO file';
    let file;
    try {
      file = await readEntityFile({
        entity,
        annotation: SLO_FILE_ANNOTATION,
        integrations: this.integrations,
        urlReader: this.urlReader,
      });
    } catch (error) {
      // readEntityFile's own errors name the entity and the URL; a URL parser's do not.
      const explained =
        isError(error) &&
        ['NotFoundError', 'InputError', 'NotAllowedError'].includes(error.name);
      return {
        problems: [
          `${
            explained
              ? toError(error).message
              : `${stringifyEntityRef(
                  entity,
                )}: ${SLO_FILE_ANNOTATION} is "${label}", which cannot be read (${
                  toError(error).message
                })`
          }; without it the thresholds are not checked against an SLO`,
        ],
      };
    }
    if (!file) {
      return {
        problems: [
          `${stringifyEntityRef(
            entity,
          )} has no ${SLO_FILE_ANNOTATION} annotation, so the thresholds are not checked against an SLO; add one naming the service's OpenSLO file, e.g. openslo.yaml`,
        ],
      };
    }
    const parsed = parseYamlDocuments(file.text, label);
    const openSlo = readOpenSlo(parsed.documents);
    const derived = sloTargetsFromOpenSlo(openSlo.slos);
    return {
      slo: { ...derived.targets, sloFileUrl: file.url },
      problems: [
        ...parsed.problems,
        ...openSlo.problems.map(p => `${label}: ${p}`),
        ...derived.problems.map(p => `${label}: ${p}`),
      ],
    };
  }

  /** A YAML file of the policy; a file that cannot be read is a problem, not an error. */
  private async readYaml(
    url: string,
    label: string,
  ): Promise<{ documents?: unknown[]; problems: string[] }> {
    let text: string;
    try {
      const response = await this.urlReader.readUrl(url);
      text = (await response.buffer()).toString('utf8');
    } catch (error) {
      if (isError(error) && error.name === 'NotFoundError') {
        return {
          problems: [
            `${label} does not exist (looked for ${url}); add it, or point ${ROLLOUT_POLICY_ANNOTATION} at the directory that holds it`,
          ],
        };
      }
      return {
        problems: [
          `${label} could not be read from ${url}: ${toError(error).message}`,
        ],
      };
    }
    return parseYamlDocuments(text, label);
  }
}
