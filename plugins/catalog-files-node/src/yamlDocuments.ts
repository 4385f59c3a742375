import { toError } from '@backstage/errors';
import { parseAllDocuments } from 'yaml';

/**
 * The documents of a multi-document YAML file as plain values. A document that does not parse
 * is reported (by number and first error, which names its line) and skipped, so one broken
 * document does not hide the others. Never throws: a file the parser cannot read at all is a
 * problem too.
 *
 * @public
 */
export function parseYamlDocuments(
  text: string,
  label: string,
): { documents: unknown[]; problems: string[] } {
  const documents: unknown[] = [];
  const problems: string[] = [];
  let parsed;
  try {
    parsed = Array.from(parseAllDocuments(text));
  } catch (e) {
    // The parser reports its own failures on the documents; this is for a stack overflow
    // outside the part of it that catches one.
    return {
      documents,
      problems: [`${label} is not valid YAML: ${yamlProblemMessage(e)}`],
    };
  }
  parsed.forEach((document, index) => {
    const error = document.errors[0];
    if (error) {
      problems.push(
        `${label}: document ${
          index + 1
        } is not valid YAML: ${yamlProblemMessage(error)}`,
      );
      return;
    }
    try {
      documents.push(document.toJS());
    } catch (e) {
      // e.g. an alias to an anchor that does not exist
      problems.push(
        `${label}: document ${index + 1} cannot be read: ${yamlProblemMessage(
          e,
        )}`,
      );
    }
  });
  return { documents, problems };
}

const NESTED_TOO_DEEPLY =
  'nested too deeply to read (hundreds of lists or maps inside each other)';

/**
 * An error from the `yaml` package (or thrown while reading its documents) as one line a person
 * can act on: the package's first line, which names the error and its place, without the code
 * frame it appends; and deep nesting said in words. The package recurses once per level of
 * nesting and reports the JavaScript stack overflow ("Maximum call stack size exceeded") as its
 * error, which says nothing about the file.
 *
 * Other errors' messages are kept whole.
 *
 * @public
 */
export function yamlProblemMessage(error: unknown): string {
  const message = toError(error).message;
  // YAMLParseError, YAMLWarning: a name, not instanceof, in case a plugin has its own yaml copy.
  const fromYaml = error instanceof Error && error.name.startsWith('YAML');
  if (!fromYaml && !message.startsWith('Maximum call stack size exceeded')) {
    return message;
  }
  return message
    .split('\n')[0]!
    .trim()
    .replace(/:$/, '')
    .replace(/^Maximum call stack size exceeded/, NESTED_TOO_DEEPLY);
}
