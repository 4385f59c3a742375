import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { generateService } from '../cli.ts';
import { sampleOptions } from '../testing/sample-options.ts';
import { kindParts } from './index.ts';

/*
 * The data store's availability SLA reaches the catalog (the platform review composes each
 * service's objective from it), and the figure is the one the platform's ADR 0007 gives for the
 * configuration prod deploys. Change the SKU or the ADR and not the kind data, and this fails.
 */

const adr = readFileSync(
  fileURLToPath(
    new URL(
      '../../../../docs/decisions/0007-one-region-three-zones-for-99-99.md',
      import.meta.url,
    ),
  ),
  'utf8',
);

/** The SLA column of ADR 0007's table, by the start of a component's row. */
function adrSla(rowStart: string): string {
  const row = adr.split('\n').find(line => line.startsWith(`| ${rowStart}`));
  assert.ok(row, `ADR 0007 has no row starting "${rowStart}"`);
  const match = /^\|[^|]+\|\s*([\d.]+) %/.exec(row);
  assert.ok(match, `ADR 0007's row "${rowStart}" has no SLA in percent`);
  return match[1]!;
}

/** Which ADR 0007 row each kind's store is; Stripe is not Azure and has no row. */
const adrRows: Record<string, string | undefined> = {
  order: 'PostgreSQL flexible, zone-redundant HA',
  product: 'Cosmos DB, one region, zone-redundant',
  cart: 'Redis Premium, 3 zones',
  payment: undefined,
};

for (const [kind, part] of Object.entries(kindParts)) {
  describe(`data store availability SLA (${kind})`, () => {
    let out: string;
    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), `commerce-sla-${kind}-`));
      await generateService(out, sampleOptions[kind]!);
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('is the figure ADR 0007 gives for the store as prod deploys it, or a labelled assumption', () => {
      assert.ok(kind in adrRows, `add ${kind}'s ADR 0007 row to this test`);
      const row = adrRows[kind];
      if (row) {
        assert.equal(part.dataStore.availabilitySla.percent, adrSla(row));
      } else {
        assert.match(
          part.dataStore.availabilitySla.basis,
          /publishes no SLA: [\d.]+ is our assumption/,
        );
      }
    });

    it('annotates the generated Resource with it, the basis written above as a comment', () => {
      const text = readFileSync(path.join(out, 'catalog-info.yaml'), 'utf8');
      const resource = parseAllDocuments(text)
        .map(document => document.toJS())
        .find(entity => entity.kind === 'Resource');
      assert.equal(
        resource.metadata.annotations['commerce.platform/availability-sla'],
        part.dataStore.availabilitySla.percent,
      );
      // Quoted: YAML would read 99.99 as a number, and annotations are strings.
      assert.ok(
        text.includes(
          `    # ${part.dataStore.availabilitySla.basis}\n    commerce.platform/availability-sla: '${part.dataStore.availabilitySla.percent}'\n`,
        ),
      );
      const percent = Number(part.dataStore.availabilitySla.percent);
      assert.ok(percent > 99 && percent <= 100, 'a percentage');
    });
  });
}
