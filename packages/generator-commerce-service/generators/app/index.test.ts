import assert from 'node:assert/strict';
import {
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { InvalidServiceOptionsError } from '../../src/spec.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

const options = {
  kind: 'cart',
  name: 'basket-service',
  owner: 'checkout-team',
  availability: '99.95',
  latencyP95Ms: '120',
  region: 'swedencentral',
  monthlyBudgetUsd: '250',
};

/** What a leaked credential looks like: the values, not the names of settings. */
const secretValue =
  /(sk_live_[0-9a-zA-Z]{10,}|sk_test_[0-9a-zA-Z]{20,}|whsec_[0-9a-zA-Z]{20,}|AccountKey=[A-Za-z0-9+/]{20,}|-----BEGIN [A-Z ]*PRIVATE KEY-----|(password|passwd|pwd)\s*[:=]\s*['"][^'"\s${}]{6,}['"])/i;

function listFiles(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap(entry => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory()
      ? listFiles(full, base)
      : [path.relative(base, full)];
  });
}

describe('commerce-service generator', () => {
  let out: string;
  const read = (file: string) => readFileSync(path.join(out, file), 'utf8');

  before(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'commerce-service-'));
    await generateService(out, options);
  });
  after(() => rmSync(out, { recursive: true, force: true }));

  it('writes the common skeleton and the cart parts, and no template leftovers', () => {
    const files = listFiles(out);
    for (const expected of [
      'package.json',
      'openapi.yaml',
      'openslo.yaml',
      'catalog-info.yaml',
      'Dockerfile',
      '.dockerignore',
      'CODEOWNERS',
      'src/server.ts',
      'src/app.ts',
      'src/store.ts',
      'src/routes.ts',
      'test/contract.test.ts',
      'test/cart.test.ts',
    ]) {
      assert.ok(files.includes(expected), `${expected} is missing`);
    }
    assert.deepEqual(
      files.filter(f => f.endsWith('.ejs')),
      [],
    );
    for (const file of files) {
      assert.doesNotMatch(
        read(file),
        /<%|%>/,
        `${file} has unrendered template tags`,
      );
    }
  });

  it('gives the cart service its Redis client on top of the common dependencies', () => {
    const pkg = JSON.parse(read('package.json'));
    assert.equal(pkg.name, 'basket-service');
    assert.ok(pkg.dependencies.ioredis);
    assert.ok(pkg.dependencies.fastify);
    assert.equal(pkg.scripts.test, 'vitest run');
  });

  it('registers the service, its API and its data store in the catalog', () => {
    const [component, api, resource] = parseAllDocuments(
      read('catalog-info.yaml'),
    ).map(d => d.toJS());
    assert.equal(component.spec.owner, 'group:default/checkout-team');
    assert.deepEqual(component.spec.providesApis, ['basket-service-api']);
    // The edge its traffic enters through (the review composes the platform chain from it),
    // then its own store.
    assert.deepEqual(component.spec.dependsOn, [
      'resource:default/commerce-front-door',
      'resource:default/basket-service-cache',
    ]);
    assert.equal(
      component.metadata.annotations['commerce.platform/monthly-budget-usd'],
      '250',
    );
    assert.equal(
      component.metadata.annotations['commerce.platform/blueprint-version'],
      '0.1.0',
    );
    assert.equal(api.spec.definition.$text, './openapi.yaml');
    assert.equal(resource.spec.type, 'cache');
  });

  it('types the SLO once: OpenSLO targets and the latency histogram follow the options', () => {
    const [availability, latency] = parseAllDocuments(read('openslo.yaml')).map(
      d => d.toJS(),
    );
    assert.equal(availability.spec.objectives[0].target, 0.9995);
    assert.match(JSON.stringify(latency.spec.indicator), /le=\\"0.12\\"/);
    assert.match(read('src/metrics.ts'), /0\.1,0\.12,0\.15/);
    assert.deepEqual(parse(read('openapi.yaml')).info['x-slo'], {
      availability: 99.95,
      latencyP95Ms: 120,
    });
  });

  it('documents the cart routes next to health, readiness and version; metrics are not part of the API', () => {
    const paths = Object.keys(parse(read('openapi.yaml')).paths);
    assert.deepEqual(paths, [
      '/healthz',
      '/readyz',
      '/version',
      '/carts/{cartId}',
      '/carts/{cartId}/items',
      '/carts/{cartId}/items/{sku}',
    ]);
  });

  it('writes no secret', () => {
    for (const file of listFiles(out)) {
      assert.doesNotMatch(
        read(file),
        secretValue,
        `${file} looks like it holds a secret`,
      );
    }
  });

  it('writes into the destination folder when one is given, and only inside the working directory', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'commerce-service-dest-'));
    try {
      await generateService(root, {
        ...options,
        destination: 'basket-service',
      });
      assert.ok(existsSync(path.join(root, 'basket-service/package.json')));
      assert.equal(existsSync(path.join(root, 'package.json')), false);
      await assert.rejects(
        generateService(root, { ...options, destination: '../escape' }),
        /destination "..\/escape" must be a folder inside the working directory/,
      );
      assert.equal(existsSync(path.join(root, '../escape')), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses bad options with every problem, writing nothing', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'commerce-service-bad-'));
    try {
      await assert.rejects(
        generateService(empty, {
          ...options,
          name: 'Bad_Name',
          monthlyBudgetUsd: '-1',
        }),
        (error: unknown) => {
          assert.ok(error instanceof InvalidServiceOptionsError);
          assert.equal(error.problems.length, 2);
          return true;
        },
      );
      assert.equal(existsSync(path.join(empty, 'package.json')), false);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

for (const [kind, part] of Object.entries(kindParts)) {
  describe(`every kind: ${kind}`, () => {
    let out: string;
    const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
    // Quotes and apostrophes must reach YAML and Markdown as they are typed.
    const description = `Keeps the shopper's "${kind}" facts: <fast> & exact.`;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), `commerce-${kind}-`));
      await generateService(out, { ...sampleOptions[kind]!, description });
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('renders every file fully, with no HTML escaping and no secret', () => {
      for (const file of listFiles(out)) {
        const text = read(file);
        assert.doesNotMatch(text, /<%|%>/, `${file}: template tags left`);
        assert.doesNotMatch(
          text,
          /&#\d+;|&(quot|amp|lt|gt);/,
          `${file}: HTML-escaped`,
        );
        assert.doesNotMatch(text, secretValue, `${file}: looks like a secret`);
      }
    });

    it('registers the component, its API and its data store with the description as typed', () => {
      const [component, api, resource] = parseAllDocuments(
        read('catalog-info.yaml'),
      ).map(d => d.toJS());
      assert.equal(component.metadata.description, description);
      assert.equal(
        component.metadata.annotations['commerce.platform/service-kind'],
        kind,
      );
      assert.equal(api.spec.type, 'openapi');
      assert.equal(resource.spec.type, part.dataStore.resourceType);
      assert.deepEqual(component.spec.dependsOn, [
        'resource:default/commerce-front-door',
        `resource:default/${resource.metadata.name}`,
      ]);
    });

    it('records its decisions with the front matter the platform review reads', () => {
      const owner = parseAllDocuments(read('catalog-info.yaml'))[0]!.toJS().spec
        .owner;
      const records = readdirSync(path.join(out, 'docs/decisions')).filter(
        file => file.endsWith('.md'),
      );
      assert.ok(records.length >= 3, `only ${records.length} records`);
      for (const file of records) {
        const text = read(`docs/decisions/${file}`);
        const frontMatter = /^---\n([\s\S]*?)\n---\n/.exec(text)?.[1];
        assert.ok(frontMatter, `${file}: no front matter`);
        const fields = parse(frontMatter);
        assert.equal(fields.status, 'accepted', file);
        assert.match(String(fields.date), /^\d{4}-\d{2}-\d{2}$/, file);
        // A YAML list, as the review requires ("[platform-team, engineering-leads]").
        assert.deepEqual(fields['decision-makers'], [owner], file);
      }
    });

    it('gives every operation a contract example', () => {
      const doc = parse(read('openapi.yaml'));
      for (const [route, item] of Object.entries<Record<string, any>>(
        doc.paths,
      )) {
        for (const [method, operation] of Object.entries<any>(item)) {
          assert.ok(
            operation['x-contract-example'],
            `${method} ${route} has no example`,
          );
        }
      }
      assert.doesNotMatch(
        read('openapi.yaml'),
        /[&*]a\d+\b/,
        'YAML anchors in openapi.yaml',
      );
    });
  });
}
