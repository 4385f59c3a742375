import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { MAX_HISTORY_DAYS } from '../services/SloReports';
import { spec } from './openapi.generated';

describe('the OpenAPI document', () => {
  it('is served as written in openapi.yaml (run yarn openapi:generate after editing it)', () => {
    const yaml = parse(
      readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
    );
    expect(spec).toEqual(yaml);
  });
});

describe('the days parameter', () => {
  // The document states the service's limit as a pattern (see openapi.yaml for why).
  const pattern = new RegExp(spec.components.parameters.days.schema.pattern);

  it('takes 1 to MAX_HISTORY_DAYS and nothing else', () => {
    const accepted = Array.from({ length: 200 }, (_, i) => String(i)).filter(
      days => pattern.test(days),
    );
    expect(accepted).toEqual(
      Array.from({ length: MAX_HISTORY_DAYS }, (_, i) => String(i + 1)),
    );
    for (const days of ['01', ' 7', '7.0', '0x10', '1e1', 'Infinity', '']) {
      expect(pattern.test(days)).toBe(false);
    }
  });
});
