/*
 * The commerce-service templates (templates/<kind>-service/template.yaml) and how each is
 * generated from the shared parts in templates/shared/; packages/tools/src/serviceTemplates.ts
 * (`yarn templates:generate`) writes them, templates.test.ts checks they are up to date.
 *
 * Why generated rather than included with the catalog's `$yaml` placeholder: the local portal
 * registers its templates as `file` locations, and the stock placeholder resolver forms the
 * included file's address with `new URL('../shared/…', '/abs/path/template.yaml')`, which throws
 * for a path that is not a URL (there is no `file:` UrlReader either); and the shared parts carry
 * the template's own kind in two places (the budget field's options, the blueprint's options),
 * which an include cannot fill in.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// Not imported from startPortalBackend: the generating script loads this file without a backend.
// Never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../../..');
const templates = path.join(repoRoot, 'templates');

/** The commerce-service templates in the repository: templates/<kind>-service/template.yaml. */
export const serviceTemplates = readdirSync(templates)
  .filter(dir => dir.endsWith('-service'))
  .map(dir => ({
    dir,
    kind: dir.replace(/-service$/, ''),
    file: path.join(templates, dir, 'template.yaml'),
  }));

/** The annotation naming a template's service kind (the blueprint's `kind` option). */
const SERVICE_KIND_ANNOTATION = 'commerce.platform/service-kind';

/** Where the hand-written head of a template ends and the generated spec begins. */
export const GENERATED_MARKER =
  '  # Generated from templates/shared (service-parameters.yaml, service-steps.yaml) by';

const generatedNote = [
  GENERATED_MARKER,
  '  # `yarn templates:generate`, with KIND replaced by the kind annotated above: edit those files',
  '  # and regenerate, not the lines below (templates.test.ts fails while they are stale).',
];

/** The shared parts a commerce-service template is generated from. */
export interface SharedServiceTemplateParts {
  /** templates/shared/service-parameters.yaml: the form, a list of pages. */
  parameters: string;
  /** templates/shared/service-steps.yaml: `steps:` and `output:`. */
  steps: string;
}

// A shared file's leading comment describes the file, not the template it is copied into.
const withoutLeadingComment = (text: string) =>
  text.replace(/^(#.*\n|\s*\n)*/, '');

const indent = (text: string, by: number) =>
  text
    .split('\n')
    .map(line => (line.trim() === '' ? '' : ' '.repeat(by) + line))
    .join('\n');

function fillKind(text: string, kind: string, file: string): string {
  if (!/\bKIND\b/.test(text)) {
    throw new Error(
      `${file} has no KIND placeholder; the template's kind would be lost`,
    );
  }
  return text.replace(/\bKIND\b/g, kind);
}

/**
 * The text a template.yaml must have: its hand-written head (apiVersion, metadata with the
 * service-kind annotation, the start of spec) followed by the shared form, steps and output for
 * that kind.
 */
export function renderServiceTemplate(
  current: string,
  shared: SharedServiceTemplateParts,
  file: string,
): string {
  const lines = current.split('\n');
  const markerAt = lines.indexOf(GENERATED_MARKER);
  const head = (markerAt === -1 ? lines : lines.slice(0, markerAt))
    .join('\n')
    .trimEnd();
  const kind = parse(head)?.metadata?.annotations?.[SERVICE_KIND_ANNOTATION];
  if (typeof kind !== 'string' || !/^[a-z][a-z0-9-]*$/.test(kind)) {
    throw new Error(
      `${file} must annotate its service kind (metadata.annotations['${SERVICE_KIND_ANNOTATION}']) before "${GENERATED_MARKER.trim()}"`,
    );
  }
  // Indenting prettier-formatted YAML keeps it prettier-formatted, so the files pass
  // `prettier --check` without this script depending on prettier.
  return [
    head,
    ...generatedNote,
    '  parameters:',
    indent(
      fillKind(
        withoutLeadingComment(shared.parameters),
        kind,
        'service-parameters.yaml',
      ),
      4,
    ).trimEnd(),
    indent(
      fillKind(withoutLeadingComment(shared.steps), kind, 'service-steps.yaml'),
      2,
    ).trimEnd(),
    '',
  ].join('\n');
}

/** Each commerce-service template file with the text the shared parts give it. */
export function serviceTemplateFiles(): {
  file: string;
  current: string;
  expected: string;
}[] {
  const shared: SharedServiceTemplateParts = {
    parameters: readFileSync(
      path.join(templates, 'shared/service-parameters.yaml'),
      'utf8',
    ),
    steps: readFileSync(
      path.join(templates, 'shared/service-steps.yaml'),
      'utf8',
    ),
  };
  return serviceTemplates.map(({ file }) => {
    const current = readFileSync(file, 'utf8');
    return {
      file,
      current,
      expected: renderServiceTemplate(current, shared, file),
    };
  });
}
