import { parseAllDocuments } from 'yaml';

/**
 * The documents of a multi-document YAML file as plain values. A document that does not parse
 * is reported (by number and first error, which names its line) and skipped, so one broken
 * document does not hide the others.
 *
 * @public
 */
export function parseYamlDocuments(
  text: string,
  label: string,
): { documents: unknown[]; problems: string[] } {
  const documents: unknown[] = [];
  const problems: string[] = [];
  Array.from(parseAllDocuments(text)).forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      problems.push(
        `${label}: document ${index + 1} is not valid YAML: ${firstLine(
          error.message,
        )}`,
      );
      return;
    }
    try {
      documents.push(document.toJS());
    } catch (e) {
      // e.g. an alias to an anchor that does not exist
      problems.push(
        `${label}: document ${index + 1} cannot be read: ${firstLine(
          String((e as Error)?.message ?? e),
        )}`,
      );
    }
  });
  return { documents, problems };
}

// The yaml library appends a code frame to its messages; the first line names the error and place.
function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
