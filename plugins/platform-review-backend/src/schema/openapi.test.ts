import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { spec } from './openapi.generated';

describe('the OpenAPI document', () => {
  it('is served as written in openapi.yaml (run yarn openapi:generate after editing it)', () => {
    const yaml = parse(
      readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});
