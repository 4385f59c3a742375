import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { blueprintKinds, blueprintVersion, readKindCostModel } from './api.ts';
import { kindParts } from './kinds/index.ts';

// The portal's cost and review backends read the blueprint through these exports only
// (plugins/cost-backend BlueprintCostModels, plugins/platform-review-backend blueprintVersion).

const packageRoot = new URL('../', import.meta.url);

describe('the blueprint data the portal imports', () => {
  it('lists the kinds it generates, each with its templates folder', () => {
    assert.deepEqual(blueprintKinds, ['cart', 'order', 'payment', 'product']);
    assert.deepEqual(blueprintKinds, Object.keys(kindParts).sort());
    assert.deepEqual(
      readdirSync(
        fileURLToPath(new URL('templates/kinds/', packageRoot)),
      ).sort(),
      blueprintKinds,
    );
  });

  it("reads each kind's cost model file, naming where it is", async () => {
    for (const kind of blueprintKinds) {
      const relative = `templates/kinds/${kind}/infra/cost-model.yaml`;
      assert.deepEqual(await readKindCostModel(kind), {
        text: readFileSync(new URL(relative, packageRoot), 'utf8'),
        source: `generator-commerce-service/${relative}`,
      });
    }
  });

  it('refuses a kind it does not generate, even one that looks like a path', async () => {
    for (const kind of ['inventory', '../../..', 'order/../../..', '']) {
      await assert.rejects(readKindCostModel(kind), {
        message: `unknown service kind ${JSON.stringify(
          kind,
        )}; the blueprint generates cart, order, payment, product`,
      });
    }
  });

  it('is versioned by its package.json, the version it writes into generated services', () => {
    const { version } = JSON.parse(
      readFileSync(new URL('package.json', packageRoot), 'utf8'),
    );
    assert.match(version, /^\d+\.\d+\.\d+/);
    assert.equal(blueprintVersion(), version);
  });
});
