import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { serviceTemplates as found } from './testing/serviceTemplates';
import { repoRoot } from './testing/startPortalBackend';

const templatesDir = path.join(repoRoot, 'templates');
const serviceTemplates = found.map(({ dir, kind, file }) => ({
  dir,
  kind,
  template: parse(fs.readFileSync(file, 'utf8')),
}));

describe('commerce-service templates', () => {
  const shared = parse(
    fs.readFileSync(
      path.join(templatesDir, 'shared/service-parameters.yaml'),
      'utf8',
    ),
  );

  it('exist', () => {
    expect(serviceTemplates.map(t => t.dir)).toContain('cart-service');
  });

  it.each(serviceTemplates)(
    '$dir carries the shared form unchanged',
    ({ template }) => {
      expect(template.spec.parameters).toEqual(shared);
    },
  );

  it.each(serviceTemplates)(
    '$dir validates first, then runs the blueprint for its own kind',
    ({ dir, kind, template }) => {
      const [validate, generate] = template.spec.steps;
      expect(validate.action).toBe('commerce:service:validate');
      expect(generate.action).toBe('run:yeoman');
      expect(generate.input.namespace).toBe('commerce-service:app');
      expect(generate.input.options.kind).toBe(kind);
      expect(template.metadata.name).toBe(dir);
    },
  );
});
