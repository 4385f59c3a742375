import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  entityFileUrl,
  readEntityFile,
  yamlProblemMessage,
} from '@internal/plugin-catalog-files-node';
import {
  hasWindowPlaceholder,
  readOpenSlo,
  SLO_FILE_ANNOTATION,
  type SloDefinition,
} from '@internal/plugin-slo-common';
import { parseAllDocuments } from 'yaml';

/** What an entity's OpenSLO file gave: its readable objectives and every problem with it. */
export interface EntitySlos {
  sloFileUrl?: string;
  slos: SloDefinition[];
  problems: string[];
}

/**
 * Reads the OpenSLO file an entity names. Never throws: an unreadable file, bad YAML or a bad
 * document each become a problem, so the card can show them next to whatever was still valid.
 */
export async function readEntitySlos(options: {
  entity: Entity;
  integrations: ScmIntegrationRegistry;
  urlReader: UrlReaderService;
}): Promise<EntitySlos> {
  const { entity, integrations, urlReader } = options;
  const ref = stringifyEntityRef(entity);
  if (!entity.metadata.annotations?.[SLO_FILE_ANNOTATION]?.trim()) {
    return {
      slos: [],
      problems: [
        `${ref} has no ${SLO_FILE_ANNOTATION} annotation: add one naming its OpenSLO file, e.g. "${SLO_FILE_ANNOTATION}: openslo.yaml"`,
      ],
    };
  }

  let sloFileUrl: string | undefined;
  let text: string;
  try {
    sloFileUrl = entityFileUrl(entity, SLO_FILE_ANNOTATION, integrations);
    const file = await readEntityFile({
      entity,
      annotation: SLO_FILE_ANNOTATION,
      integrations,
      urlReader,
    });
    // Never undefined here: the annotation was checked above.
    text = file?.text ?? '';
  } catch (error) {
    const { name, message } = error as Error;
    // readEntityFile's own messages for these already name the entity, the URL and the fix.
    const explained = name === 'NotFoundError' || name === 'InputError';
    return {
      sloFileUrl,
      slos: [],
      problems: [
        explained
          ? message
          : `Could not read the OpenSLO file ${sloFileUrl} of ${ref}: ${message}`,
      ],
    };
  }

  const { slos, problems } = parseOpenSloText(text);
  if (slos.length === 0 && problems.length === 0) {
    problems.push(
      `${sloFileUrl} holds no OpenSLO SLO document (apiVersion: openslo/v1, kind: SLO); add one per objective`,
    );
  }
  return { sloFileUrl, slos, problems };
}

/**
 * Parses an OpenSLO file's YAML documents and reads its objectives. A document with a YAML syntax
 * error is reported with its line and skipped; the others are still read.
 */
export function parseOpenSloText(text: string): {
  slos: SloDefinition[];
  problems: string[];
} {
  const syntaxProblems: string[] = [];
  let parsed;
  try {
    parsed = Array.from(parseAllDocuments(text));
  } catch (error) {
    // A stack overflow the parser does not catch itself (deep nesting): no document is left.
    return {
      slos: [],
      problems: [`YAML syntax error: ${yamlProblemMessage(error)}`],
    };
  }
  const documents = parsed.map((doc, index) => {
    if (doc.errors.length > 0) {
      // Later errors in the same document usually follow from the first one.
      syntaxProblems.push(
        `document ${index + 1}: YAML syntax error: ${yamlProblemMessage(
          doc.errors[0],
        )}`,
      );
      return null; // readOpenSlo skips it but keeps the numbering of the rest
    }
    try {
      return doc.toJS();
    } catch (error) {
      syntaxProblems.push(
        `document ${index + 1}: ${yamlProblemMessage(error)}`,
      );
      return null;
    }
  });

  const { slos, problems } = readOpenSlo(documents);
  const windowProblems = slos.flatMap(slo =>
    (['good', 'total'] as const)
      .filter(
        part => slo.indicator && !hasWindowPlaceholder(slo.indicator[part]),
      )
      .map(
        part =>
          `${slo.name}: the ${part} query has no {{.window}} placeholder, so the 1 h, 6 h and whole-window measurements all cover the same range; write its range as [{{.window}}]`,
      ),
  );
  const noIndicator = slos
    .filter(slo => !slo.indicator)
    .map(
      slo =>
        `${slo.name}: no ratioMetric indicator, so it cannot be measured; add spec.indicator.spec.ratioMetric with good and total Prometheus queries`,
    );
  return {
    slos,
    problems: [
      ...syntaxProblems,
      ...problems,
      ...windowProblems,
      ...noIndicator,
    ],
  };
}
