import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments } from 'yaml';
import { schemaProblems } from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { blueGreen } from '../../src/platform.ts';
import { kustomizeBuild } from '../../src/testing/kustomize.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: any;
}

/** Every file of a generated service, by path relative to its root. */
function readTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(root, {
    recursive: true,
    withFileTypes: true,
  })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, file), readFileSync(file, 'utf8'));
  }
  return files;
}

function manifests(root: string): Array<{ file: string; object: K8sObject }> {
  return ['deploy', 'environments/prod', 'argocd'].flatMap(dir =>
    readdirSync(path.join(root, dir))
      .filter(f => f.endsWith('.yaml') && f !== 'kustomization.yaml')
      .flatMap(file =>
        parseAllDocuments(readFileSync(path.join(root, dir, file), 'utf8')).map(
          doc => ({ file: `${dir}/${file}`, object: doc.toJS() as K8sObject }),
        ),
      ),
  );
}

/** What a blue-green service may differ in from the canary one: the release and its docs. */
const strategyFiles = [
  '.github/workflows/pipeline.yml',
  '.github/workflows/release.yml',
  'deploy/httproute.yaml',
  'deploy/rollout.yaml',
  'deploy/services.yaml',
  'docs/index.md',
  // dev's overlay points the canary's traffic plugin at its namespace; blue-green has none.
  'environments/dev/kustomization.yaml',
];

for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;
  const name = options.name!;

  describe(`rolloutStrategy (${kind})`, () => {
    let root: string;
    let byDefault: Map<string, string>;
    let canary: Map<string, string>;
    let blue: Map<string, string>;
    let objects: Array<{ file: string; object: K8sObject }>;
    let blueRoot: string;

    before(async () => {
      root = mkdtempSync(path.join(tmpdir(), 'commerce-strategy-'));
      const generate = async (
        folder: string,
        extra: Record<string, string>,
      ) => {
        const out = path.join(root, folder);
        await generateService(out, { ...options, ...extra });
        return out;
      };
      byDefault = readTree(await generate('default', {}));
      canary = readTree(
        await generate('canary', { rolloutStrategy: 'canary' }),
      );
      blueRoot = await generate('blue-green', {
        rolloutStrategy: 'blueGreen',
      });
      blue = readTree(blueRoot);
      objects = manifests(blueRoot);
    });
    after(() => rmSync(root, { recursive: true, force: true }));

    const find = (objectKind: string, objectName = name) =>
      objects.find(
        o =>
          o.object.kind === objectKind && o.object.metadata.name === objectName,
      )?.object;

    it('generates the canary by default, byte for byte the same as rolloutStrategy canary', () => {
      assert.deepEqual([...canary.keys()].sort(), [...byDefault.keys()].sort());
      for (const [file, text] of byDefault) {
        assert.equal(canary.get(file), text, file);
      }
      assert.match(byDefault.get('deploy/rollout.yaml')!, /^ {4}canary:$/m);
      for (const text of byDefault.values()) {
        assert.doesNotMatch(text, /blueGreen|-preview\b|blue-green/);
      }
    });

    it('changes only the release manifests and their docs for blueGreen', () => {
      assert.deepEqual([...blue.keys()].sort(), [...byDefault.keys()].sort());
      const changed = [...byDefault.keys()]
        .filter(file => blue.get(file) !== byDefault.get(file))
        .sort();
      assert.deepEqual(changed, strategyFiles);
    });

    it('validates every object of the blue-green service against its schema', async () => {
      assert.ok(objects.length >= 11);
      assert.deepEqual(await schemaProblems(objects as never), []);
      // Each environment's overlay builds on the blue-green base (no canary to patch).
      for (const environment of ['dev', 'prod']) {
        const built = kustomizeBuild<K8sObject>(
          path.join(blueRoot, 'environments', environment),
        );
        assert.deepEqual(
          await schemaProblems(
            built.map(object => ({
              file: `environments/${environment}: ${object.kind}`,
              object,
            })) as never,
          ),
          [],
        );
        assert.ok(built.some(o => o.kind === 'Rollout'));
      }
      const kustomization = parse(blue.get('deploy/kustomization.yaml')!);
      const files = [...blue.keys()]
        .filter(
          f => f.startsWith('deploy/') && f !== 'deploy/kustomization.yaml',
        )
        .map(f => f.slice('deploy/'.length));
      assert.deepEqual([...kustomization.resources].sort(), files.sort());
    });

    it('has a validator that rejects a broken blue-green Rollout (the check can fail)', async () => {
      const rollout = structuredClone(find('Rollout')!);
      rollout.spec.strategy.blueGreen.autoPromotionEnabled = 'no';
      rollout.spec.strategy.blueGreen.scaleDownDelaySeconds = '600';
      const problems = await schemaProblems([
        { file: 'deploy/rollout.yaml', object: rollout as never },
      ]);
      assert.equal(problems.length, 1, problems.join('\n'));
      assert.match(problems[0]!, /autoPromotionEnabled must be boolean/);
      assert.match(problems[0]!, /scaleDownDelaySeconds must be integer/);
    });

    it('releases blue-green behind a preview Service, promoted by a person, analysed before and after', () => {
      const strategy = find('Rollout')!.spec.strategy;
      assert.deepEqual(Object.keys(strategy), ['blueGreen']);
      const bg = strategy.blueGreen;
      assert.equal(bg.activeService, `${name}-stable`);
      assert.equal(bg.previewService, `${name}-preview`);
      // deploy/ is production (the one Argo CD Application): never promoted without a person.
      assert.equal(bg.autoPromotionEnabled, false);
      assert.equal(bg.scaleDownDelaySeconds, blueGreen.scaleDownDelaySeconds);
      // The same AnalysisTemplates, with the same arguments, as the canary's background analysis.
      const canaryAnalysis = parse(byDefault.get('deploy/rollout.yaml')!).spec
        .strategy.canary.analysis;
      for (const analysis of [
        bg.prePromotionAnalysis,
        bg.postPromotionAnalysis,
      ]) {
        assert.deepEqual(analysis.templates, canaryAnalysis.templates);
        assert.deepEqual(analysis.args, canaryAnalysis.args);
        assert.deepEqual(
          analysis.analysisRunMetadata,
          canaryAnalysis.analysisRunMetadata,
        );
        for (const { templateName } of analysis.templates) {
          assert.ok(find('AnalysisTemplate', templateName), templateName);
        }
      }
    });

    it('keeps the preview internal: a Service of the API port that no route sends to', () => {
      const preview = find('Service', `${name}-preview`)!;
      const stable = find('Service', `${name}-stable`)!;
      assert.deepEqual(preview.spec, stable.spec);
      assert.equal(find('Service', `${name}-canary`), undefined);
      const backends = find('HTTPRoute')!.spec.rules.flatMap((r: any) =>
        r.backendRefs.map((b: any) => `${b.name}:${b.port}`),
      );
      assert.deepEqual([...new Set(backends)], [`${name}-stable:80`]);
      // Nothing else refers to the preview: not the gateway's policies, not another route.
      const mentions = objects.filter(o =>
        JSON.stringify(o.object).includes(`${name}-preview`),
      );
      assert.deepEqual(
        mentions.map(o => `${o.object.kind}/${o.object.metadata.name}`).sort(),
        [`Rollout/${name}`, `Service/${name}-preview`],
      );
      // The pod selectors (NetworkPolicy, PDB, HPA target) cover both versions' pods alike.
      const podLabels = find('Rollout')!.spec.template.metadata.labels;
      for (const objectKind of ['NetworkPolicy', 'PodDisruptionBudget']) {
        const selector =
          find(objectKind)!.spec.podSelector ?? find(objectKind)!.spec.selector;
        for (const [key, value] of Object.entries(selector.matchLabels)) {
          assert.equal(podLabels[key], value, `${objectKind} ${key}`);
        }
      }
    });

    it('tells the owner how to promote, try the preview and go back', () => {
      const docs = blue.get('docs/index.md')!;
      assert.match(
        docs,
        new RegExp(`kubectl argo rollouts promote ${name} -n ${options.owner}`),
      );
      assert.match(docs, new RegExp(`svc/${name}-preview 8080:80`));
      assert.match(docs, /revert/);
    });
  });
}
