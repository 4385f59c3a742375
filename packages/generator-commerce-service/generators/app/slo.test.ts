/**
 * The SLO files of every kind, checked with the real tools: promtool checks the rules and runs
 * their unit tests (healthy, fast burn, slow burn, recovery, a quiet service, no events), and a
 * real Prometheus, holding the service's metrics, evaluates every dashboard and analysis query.
 * Without promtool or prometheus on PATH (Debian's `prometheus` package; .ci/run installs it)
 * those tests skip and say so.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parse, parseAllDocuments, stringify } from 'yaml';
import { schemaProblems } from '@internal/iac-checks';
import { generateService } from '../../src/cli.ts';
import { sloPlatform } from './index.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { platform } from '../../src/platform.ts';
import {
  burnRateAlerts,
  readObjectives,
  sloFilePaths,
} from '../../src/slo-files.ts';
import {
  environmentIsolationTestFile,
  promtoolTestFiles,
} from '../../src/testing/promtool-fixtures.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

const hasTool = (tool: string) =>
  spawnSync(tool, ['--version'], { encoding: 'utf8' }).status === 0;
const promtool = hasTool('promtool');
const prometheus = hasTool('prometheus');
const skipPromtool = promtool
  ? false
  : 'promtool not found: install Debian package prometheus (.ci/run does)';
const skipPrometheus = prometheus
  ? false
  : 'prometheus not found: install Debian package prometheus (.ci/run does)';

/** `promtool …` in `cwd`; its output, and whether it succeeded. */
function runPromtool(cwd: string, args: string[]) {
  const result = spawnSync('promtool', args, { cwd, encoding: 'utf8' });
  return {
    ok: result.status === 0,
    output: `${result.stdout ?? ''}${result.stderr ?? ''}`,
  };
}

interface RuleGroup {
  name: string;
  interval?: string;
  rules: Array<Record<string, any>>;
}

/**
 * The PrometheusRule's spec.groups as a plain Prometheus rules file. For unit tests, optionally
 * without annotations (promtool compares them exactly, and these carry live values: their
 * templates are checked by `promtool check rules`) and without the groups' 1-minute interval (so
 * each test file's evaluation_interval steps them).
 */
function rulesFile(groups: RuleGroup[], forUnitTests = false) {
  const copy = structuredClone(groups);
  if (forUnitTests) {
    for (const group of copy) {
      delete group.interval;
      for (const rule of group.rules) delete rule.annotations;
    }
  }
  return stringify({ groups: copy }, { lineWidth: 0 });
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

const stableHash = '7f9c6d5b8';
const canaryHash = '5d8c7b9f4';

/**
 * Two hours of a service's metrics in OpenMetrics, up to `end` (seconds): a healthy stable
 * ReplicaSet and a canary that fails 5 % of its requests and answers 20 % slowly, on two routes.
 */
function openMetrics(
  service: string,
  buckets: number[],
  latency: number,
  end: number,
  /** The pods' namespace, as the cluster's scrape labels it (prod's rules read the team's). */
  namespace: string,
): string {
  const step = 15;
  const start = end - 2 * 60 * 60;
  const times: number[] = [];
  for (let t = start; t <= end; t += step) times.push(t);
  const pods = [
    { hash: stableHash, perSecond: 20, errors: 0, slow: 0.01 },
    { hash: canaryHash, perSecond: 2, errors: 0.05, slow: 0.2 },
  ];
  const routes = ['/carts/:cartId', '/items/:sku'];
  const lines: string[] = [];
  const series = (
    name: string,
    labels: Record<string, string>,
    perSecond: number,
  ) => {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}="${v}"`)
      .join(',');
    times.forEach((t, i) =>
      lines.push(`${name}{${text}} ${(perSecond * step * i).toFixed(3)} ${t}`),
    );
  };
  lines.push('# TYPE http_requests counter');
  for (const pod of pods) {
    for (const route of routes) {
      const base = {
        namespace,
        service,
        method: 'GET',
        route,
        rollouts_pod_template_hash: pod.hash,
      };
      series(
        'http_requests_total',
        { ...base, status_code: '200' },
        pod.perSecond * (1 - pod.errors),
      );
      if (pod.errors > 0) {
        series(
          'http_requests_total',
          { ...base, status_code: '503' },
          pod.perSecond * pod.errors,
        );
      }
    }
  }
  lines.push('# TYPE http_request_duration_seconds histogram');
  for (const pod of pods) {
    for (const route of routes) {
      const base = {
        namespace,
        service,
        method: 'GET',
        route,
        status_code: '200',
        rollouts_pod_template_hash: pod.hash,
      };
      for (const le of buckets) {
        // Everything fast lands at or under the objective's bound, the slow share above it.
        const share =
          le >= latency ? (le > latency * 2 ? 1 : 1 - pod.slow) : 0.5;
        series(
          'http_request_duration_seconds_bucket',
          { ...base, le: String(le) },
          pod.perSecond * share,
        );
      }
      series(
        'http_request_duration_seconds_bucket',
        { ...base, le: '+Inf' },
        pod.perSecond,
      );
      series('http_request_duration_seconds_count', base, pod.perSecond);
      series('http_request_duration_seconds_sum', base, pod.perSecond * 0.05);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

for (const kind of Object.keys(kindParts)) {
  const options = sampleOptions[kind]!;
  const name = options.name!;

  describe(`SLO files generated from openslo.yaml (${kind})`, () => {
    let out: string;
    let groups: RuleGroup[];
    const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
    // prod's rules read the owning team's namespace (environments/prod).
    const prod = () => ({ name: 'prod', namespace: options.owner! });

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), `commerce-slo-${kind}-`));
      await generateService(out, options);
      groups = parse(read('environments/prod/prometheus-rules.yaml')).spec
        .groups;
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('labels every alert with the owning team, the service and a severity, and links its runbook page in TechDocs', () => {
      const alerts = groups.flatMap(g => g.rules.filter(r => r.alert));
      // Four burn-rate window pairs and an absent-events alert per objective.
      assert.equal(alerts.length, 2 * (burnRateAlerts.length + 1));
      for (const alert of alerts) {
        assert.equal(alert.labels.team, options.owner);
        assert.equal(alert.labels.service, name);
        assert.match(alert.labels.severity, /^(page|ticket)$/);
        const anchor = alert.alert.toLowerCase();
        assert.equal(
          alert.annotations.runbook_url,
          `${platform.portalUrl}/docs/default/component/${name}/runbook/#${anchor}`,
        );
        // The anchor exists: mkdocs gives "## SLOErrorBudgetBurn1h5m" the id sloerrorbudgetburn1h5m.
        assert.match(
          read('docs/runbook.md'),
          new RegExp(`^## ${alert.alert}$`, 'm'),
        );
        assert.ok(alert.annotations.summary && alert.annotations.description);
      }
      assert.match(read('mkdocs.yml'), /Runbook: runbook\.md/);
    });

    it('pages at 2 % and 5 % of the 28-day budget in 1 h and 6 h, tickets at 10 % in 1 d and 3 d', () => {
      const alert = (a: string, slo: string) =>
        groups
          .flatMap(g => g.rules)
          .find(r => r.alert === a && r.labels.slo === slo)!;
      const budget = Number(
        (1 - Number(options.availability) / 100).toFixed(6),
      );
      const availability = alert(
        'SLOErrorBudgetBurn1h5m',
        `${name}-availability`,
      );
      assert.equal(availability.labels.severity, 'page');
      assert.match(
        availability.expr,
        new RegExp(
          `slo:sli_error:ratio_rate1h\\{slo="${name}-availability",environment="prod"\\} / ${budget} > 13\\.44`,
        ),
      );
      assert.match(availability.expr, /slo:sli_error:ratio_rate5m\{/);
      assert.match(
        alert('SLOErrorBudgetBurn3d6h', `${name}-latency`).expr,
        /slo:sli_error:ratio_rate3d\{slo="[^"]+-latency",environment="prod"\} \/ 0\.05 > 0\.9333[\s\S]*ratio_rate6h/,
      );
    });

    it('keeps the canary pod-template hash in the recording rules, and the AnalysisTemplates read them', () => {
      const recording = groups.flatMap(g => g.rules.filter(r => r.record));
      for (const rule of recording.filter(r =>
        /sli_(good|total)/.test(r.record),
      )) {
        assert.match(
          rule.expr,
          /^sum by \([^)]*rollouts_pod_template_hash[^)]*\)/,
        );
      }
      const templates = parseAllDocuments(
        read('deploy/analysis-templates.yaml'),
      ).map(d => d.toJS());
      const queries = templates.map(
        t => t.spec.metrics[0].provider.prometheus.query,
      );
      assert.match(
        queries[0],
        /slo:sli_good:rate5m\{slo="[^"]+-availability",namespace="\{\{args.namespace\}\}",rollouts_pod_template_hash="\{\{args.canary-hash\}\}"\}/,
      );
      assert.match(
        queries[1],
        /slo:sli_latency_bucket:rate5m\{slo="[^"]+-latency",namespace="\{\{args.namespace\}\}",rollouts_pod_template_hash="\{\{args.canary-hash\}\}"\}/,
      );
      for (const query of queries) {
        for (const metric of query.match(/slo:[a-z_:0-9]+/g)) {
          assert.ok(
            recording.some(r => r.record === metric),
            `${metric} is not recorded`,
          );
        }
      }
    });

    it("renders dev's rules for <team>-dev only, labelled environment=dev, and prod's for <team> only", () => {
      for (const [environment, namespace] of [
        ['prod', options.owner],
        ['dev', `${options.owner}-dev`],
      ] as const) {
        const rules: RuleGroup[] = parse(
          read(`environments/${environment}/prometheus-rules.yaml`),
        ).spec.groups;
        const all = rules.flatMap(g => g.rules);
        for (const rule of all) {
          assert.equal(
            rule.labels.environment,
            environment,
            rule.record ?? rule.alert,
          );
          // Raw metrics are read from this environment's namespace only; recorded series by
          // this environment's label only.
          for (const selector of rule.expr.match(/\b[a-z_:]+\{[^}]*\}/g) ??
            []) {
            if (selector.startsWith('slo:')) {
              assert.match(
                selector,
                new RegExp(`environment="${environment}"`),
                selector,
              );
            } else {
              assert.match(
                selector,
                new RegExp(`\\{namespace="${namespace}",`),
                selector,
              );
            }
          }
        }
        const dashboard = JSON.parse(
          Object.values<string>(
            parse(read(`environments/${environment}/grafana-dashboard.yaml`))
              .data,
          )[0]!,
        );
        assert.equal(
          dashboard.uid,
          environment === 'prod' ? `slo-${name}` : `slo-${name}-dev`,
        );
        assert.match(
          dashboard.title,
          environment === 'prod' ? /SLOs$/ : /SLOs \(dev\)$/,
        );
        for (const panel of dashboard.panels) {
          for (const target of panel.targets) {
            assert.doesNotMatch(
              target.expr,
              /http_request[a-z_]*\{(?!namespace=)/,
              `${environment}: ${target.expr}`,
            );
          }
        }
        // Recorded series carry the namespace the canary analysis selects by.
        for (const rule of all.filter(r => r.record)) {
          assert.equal(rule.labels.namespace, namespace, rule.record);
        }
        // Each overlay applies its own set; the base none (it would land in both namespaces).
        const overlay = parse(
          read(`environments/${environment}/kustomization.yaml`),
        );
        for (const file of [
          'prometheus-rules.yaml',
          'grafana-dashboard.yaml',
        ]) {
          assert.ok(
            overlay.resources.includes(file),
            `${environment}: ${file}`,
          );
        }
        assert.equal(overlay.namespace, namespace);
      }
      // One canary analysis in the base for both: it selects the namespace the Rollout passes.
      const analysis = read('deploy/analysis-templates.yaml');
      assert.match(analysis, /namespace="\{\{args\.namespace\}\}"/);
      const rollout = parse(read('deploy/rollout.yaml'));
      const strategy =
        rollout.spec.strategy.canary ?? rollout.spec.strategy.blueGreen;
      const analyses = [
        strategy.analysis,
        strategy.prePromotionAnalysis,
        strategy.postPromotionAnalysis,
      ].filter(Boolean);
      assert.ok(analyses.length > 0);
      for (const a of analyses) {
        assert.deepEqual(
          a.args.find((arg: { name: string }) => arg.name === 'namespace'),
          {
            name: 'namespace',
            valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
          },
        );
      }
      // The sidecar writes each key as a file in the team's folder: the two must differ.
      const keys = ['prod', 'dev'].map(
        e =>
          Object.keys(
            parse(read(`environments/${e}/grafana-dashboard.yaml`)).data,
          )[0],
      );
      assert.notEqual(keys[0], keys[1]);
    });

    it('ships the dashboard in a ConfigMap for the Grafana sidecar, listed in kustomization.yaml', () => {
      const configMap = parse(read('environments/prod/grafana-dashboard.yaml'));
      assert.equal(configMap.metadata.labels.grafana_dashboard, '1');
      const json = JSON.parse(Object.values<string>(configMap.data)[0]!);
      // The portal's SLO card links to the dashboard by the uid the catalog entry names.
      const component = parseAllDocuments(read('catalog-info.yaml'))
        .map(d => d.toJS())
        .find(d => d.kind === 'Component');
      assert.equal(json.uid, `slo-${name}`);
      assert.equal(
        component.metadata.annotations[
          'commerce.platform/grafana-dashboard-uid'
        ],
        json.uid,
      );
      const titles = json.panels.map((p: any) => p.title).join('\n');
      for (const expected of [
        /SLI against objective/,
        /error budget remaining/,
        /burn rates/,
        /Requests per second by route/,
        /Server errors per second by route/,
        /p95 latency by route/,
      ]) {
        assert.match(titles, expected);
      }
      const resources = parse(
        read('environments/prod/kustomization.yaml'),
      ).resources;
      assert.ok(
        parse(read('deploy/kustomization.yaml')).resources.includes(
          'analysis-templates.yaml',
        ),
      );
      for (const file of ['prometheus-rules.yaml', 'grafana-dashboard.yaml']) {
        assert.ok(resources.includes(file), file);
        assert.ok(
          !parse(read('deploy/kustomization.yaml')).resources.includes(file),
          `deploy/ (both environments' base) lists ${file}`,
        );
      }
    });

    it('latency objectives count a histogram bucket the service really has', () => {
      const metrics = read('src/metrics.ts');
      for (const o of readObjectives(read('openslo.yaml')).filter(
        o => o.sli === 'latency',
      )) {
        const buckets = JSON.parse(
          /buckets: (\[[^\]]*\])/.exec(metrics)![1]!,
        ) as number[];
        assert.ok(
          buckets.includes(o.latencySeconds!),
          `le="${o.latencySeconds}"`,
        );
      }
    });

    it("validates the PrometheusRule against the Prometheus Operator's schema, which rejects a broken one", async () => {
      const rule = parse(read('environments/prod/prometheus-rules.yaml'));
      assert.deepEqual(
        await schemaProblems([
          { file: 'environments/prod/prometheus-rules.yaml', object: rule },
        ]),
        [],
      );
      rule.spec.groups[0].rules[0].for = 5;
      const [problem] = await schemaProblems([
        { file: 'environments/prod/prometheus-rules.yaml', object: rule },
      ]);
      assert.match(problem ?? '', /for must be string/);
    });

    it('passes promtool check rules', { skip: skipPromtool }, () => {
      writeFileSync(path.join(out, 'rules.yaml'), rulesFile(groups));
      const result = runPromtool(out, ['check', 'rules', 'rules.yaml']);
      assert.ok(result.ok, result.output);
      assert.match(result.output, /SUCCESS: \d+ rules found/);
    });

    it(
      'passes its promtool unit tests: healthy → silent; fast burn → page within 5 minutes; slow burn → tickets; recovery → resolved',
      { skip: skipPromtool },
      () => {
        writeFileSync(
          path.join(out, 'unit-rules.yaml'),
          rulesFile(groups, true),
        );
        const files = promtoolTestFiles({
          rulesFile: 'unit-rules.yaml',
          objectives: readObjectives(read('openslo.yaml')),
          team: options.owner!,
          hashLabel: platform.canaryHashLabel,
          environment: prod(),
        });
        // The availability page must come within 5 minutes of a fast burn starting.
        const fast = files[0]!.tests.find(t =>
          /-availability: a fast burn/.test(t.name),
        )!;
        assert.match(fast.name, /pages within 5 minutes/);
        files.forEach((file, index) => {
          writeFileSync(
            path.join(out, `slo-tests-${index}.yaml`),
            stringify(file, { lineWidth: 0 }),
          );
          const result = runPromtool(out, [
            'test',
            'rules',
            `slo-tests-${index}.yaml`,
          ]);
          assert.ok(result.ok, result.output);
        });
      },
    );

    it(
      'has unit tests that fail when a rule is wrong (the check can fail)',
      { skip: skipPromtool },
      () => {
        // A page threshold ten times too high, and no minimum-traffic guard.
        const broken = structuredClone(groups);
        for (const rule of broken.flatMap(g => g.rules)) {
          if (rule.alert === 'SLOErrorBudgetBurn1h5m') {
            rule.expr = rule.expr
              .replace(/> 13\.44/g, '> 134.4')
              .replace(/\)\nand on \(slo\)[\s\S]*$/, ')');
          }
        }
        writeFileSync(
          path.join(out, 'broken-rules.yaml'),
          rulesFile(broken, true),
        );
        const [fastTests] = promtoolTestFiles({
          rulesFile: 'broken-rules.yaml',
          objectives: readObjectives(read('openslo.yaml')),
          team: options.owner!,
          hashLabel: platform.canaryHashLabel,
          environment: prod(),
        });
        writeFileSync(
          path.join(out, 'broken-tests.yaml'),
          stringify(fastTests, { lineWidth: 0 }),
        );
        const result = runPromtool(out, ['test', 'rules', 'broken-tests.yaml']);
        assert.equal(result.ok, false);
        assert.match(result.output, /alertname: SLOErrorBudgetBurn1h5m/);
      },
    );

    it(
      "keeps dev from paging: a fast burn in <team>-dev fires dev's alert only (environment=dev), never prod's",
      { skip: skipPromtool },
      () => {
        const devGroups: RuleGroup[] = parse(
          read('environments/dev/prometheus-rules.yaml'),
        ).spec.groups;
        writeFileSync(
          path.join(out, 'prod-rules.yaml'),
          rulesFile(groups, true),
        );
        writeFileSync(
          path.join(out, 'dev-rules.yaml'),
          rulesFile(devGroups, true),
        );
        const objectives = readObjectives(read('openslo.yaml'));
        const isolation = (rulesFiles: string[]) =>
          environmentIsolationTestFile({
            rulesFiles,
            objectives,
            burning: objectives.find(o => o.sli === 'availability')!,
            team: options.owner!,
            hashLabel: platform.canaryHashLabel,
            burningIn: { name: 'dev', namespace: `${options.owner}-dev` },
            healthyIn: prod(),
          });
        writeFileSync(
          path.join(out, 'isolation-tests.yaml'),
          stringify(isolation(['prod-rules.yaml', 'dev-rules.yaml']), {
            lineWidth: 0,
          }),
        );
        const result = runPromtool(out, [
          'test',
          'rules',
          'isolation-tests.yaml',
        ]);
        assert.ok(result.ok, result.output);

        // The check can fail: prod's rules as they were before (every namespace's requests)
        // page prod for dev's burn, which the same test reports.
        const unscoped = structuredClone(groups);
        for (const rule of unscoped.flatMap(g => g.rules)) {
          rule.expr = rule.expr.replaceAll(`namespace="${options.owner}",`, '');
        }
        writeFileSync(
          path.join(out, 'unscoped-rules.yaml'),
          rulesFile(unscoped, true),
        );
        writeFileSync(
          path.join(out, 'isolation-broken.yaml'),
          stringify(isolation(['unscoped-rules.yaml', 'dev-rules.yaml']), {
            lineWidth: 0,
          }),
        );
        const broken = runPromtool(out, [
          'test',
          'rules',
          'isolation-broken.yaml',
        ]);
        assert.equal(broken.ok, false);
        assert.match(broken.output, /environment="prod"/);
      },
    );

    it('regenerates from an edited openslo.yaml with npm run slo:generate, and slo:check fails until then', () => {
      // Edits happen in a copy: the other tests read the service as generated.
      const dir = mkdtempSync(
        path.join(tmpdir(), `commerce-slo-edit-${kind}-`),
      );
      cpSync(out, dir, { recursive: true });
      const readCopy = (file: string) =>
        readFileSync(path.join(dir, file), 'utf8');
      try {
        const pkg = JSON.parse(readCopy('package.json'));
        assert.equal(pkg.scripts['slo:generate'], 'node scripts/slo-files.ts');
        assert.equal(
          pkg.scripts['slo:check'],
          'node scripts/slo-files.ts --check',
        );
        assert.match(
          readCopy('.github/workflows/pipeline.yml'),
          /npm run slo:check/,
        );
        // The service runs the blueprint's own module, byte for byte.
        assert.equal(
          readCopy('scripts/slo-files.ts'),
          readFileSync(
            fileURLToPath(new URL('../../src/slo-files.ts', import.meta.url)),
            'utf8',
          ),
        );
        // The script's one dependency, as the service's `npm install` would provide it.
        const yamlDir = path.dirname(
          path.dirname(fileURLToPath(import.meta.resolve('yaml'))),
        );
        mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
        symlinkSync(yamlDir, path.join(dir, 'node_modules/yaml'));
        const script = (...args: string[]) =>
          spawnSync(process.execPath, ['scripts/slo-files.ts', ...args], {
            cwd: dir,
            encoding: 'utf8',
          });

        const fresh = script('--check');
        assert.equal(fresh.status, 0, fresh.stderr);
        const before = Object.fromEntries(
          sloFilePaths(sloPlatform.environments).map(f => [f, readCopy(f)]),
        );
        writeFileSync(
          path.join(dir, 'openslo.yaml'),
          readCopy('openslo.yaml')
            .replace(/target: 0\.9\d+/, 'target: 0.999')
            .replace(/le="[0-9.]+"/, 'le="0.25"'),
        );
        const stale = script('--check');
        assert.equal(stale.status, 1);
        assert.match(
          stale.stderr,
          /environments\/prod\/prometheus-rules\.yaml.*environments\/dev\/prometheus-rules\.yaml.*Run npm run slo:generate/s,
        );

        const generated = script();
        assert.equal(generated.status, 0, generated.stderr);
        assert.equal(script('--check').status, 0);
        assert.match(
          readCopy('environments/prod/prometheus-rules.yaml'),
          /ratio_rate1h\{slo="[^"]+-availability",environment="prod"\} \/ 0\.001 > 13\.44/,
        );
        assert.match(
          readCopy('deploy/analysis-templates.yaml'),
          /result\[0\] >= 0\.999\n/,
        );
        assert.match(
          readCopy('deploy/analysis-templates.yaml'),
          /result\[0\] <= 0\.25\n/,
        );
        assert.notEqual(
          readCopy('environments/prod/grafana-dashboard.yaml'),
          before['environments/prod/grafana-dashboard.yaml'],
        );

        writeFileSync(
          path.join(dir, 'openslo.yaml'),
          readCopy('openslo.yaml').replace(/target: 0\.999/, 'target: 1.5'),
        );
        const invalid = script();
        assert.equal(invalid.status, 2);
        assert.match(
          invalid.stderr,
          /spec\.objectives\[0\]\.target is 1\.5; write a ratio between 0 and 1/,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    describe(
      'on a real Prometheus holding the service’s metrics',
      { skip: skipPrometheus },
      () => {
        let server: ChildProcess | undefined;
        let baseUrl: string;
        let dir: string;
        let serverLog = '';

        const query = async (promql: string) => {
          const response = await fetch(
            `${baseUrl}/api/v1/query?query=${encodeURIComponent(promql)}`,
          );
          const body = (await response.json()) as {
            status: string;
            error?: string;
            data?: {
              resultType: string;
              result: Array<{ value: [number, string] }>;
            };
          };
          assert.equal(body.status, 'success', `${promql}\n→ ${body.error}`);
          return body.data!.result;
        };

        before(async () => {
          dir = mkdtempSync(
            path.join(tmpdir(), `commerce-prometheus-${kind}-`),
          );
          const metrics = readFileSync(
            path.join(out, 'src/metrics.ts'),
            'utf8',
          );
          const buckets = JSON.parse(
            /buckets: (\[[^\]]*\])/.exec(metrics)![1]!,
          ) as number[];
          const end = Math.floor(Date.now() / 1000) - 5;
          writeFileSync(
            path.join(dir, 'metrics.om'),
            openMetrics(
              name,
              buckets,
              Number(options.latencyP95Ms) / 1000,
              end,
              options.owner!,
            ),
          );
          const created = runPromtool(dir, [
            'tsdb',
            'create-blocks-from',
            'openmetrics',
            'metrics.om',
            'data',
          ]);
          assert.ok(created.ok, created.output);
          writeFileSync(path.join(dir, 'rules.yaml'), rulesFile(groups, true));
          writeFileSync(
            path.join(dir, 'prometheus.yml'),
            stringify({
              global: { evaluation_interval: '2s' },
              rule_files: ['rules.yaml'],
            }),
          );
          const port = await freePort();
          baseUrl = `http://127.0.0.1:${port}`;
          server = spawn(
            'prometheus',
            [
              `--config.file=${path.join(dir, 'prometheus.yml')}`,
              `--storage.tsdb.path=${path.join(dir, 'data')}`,
              `--web.listen-address=127.0.0.1:${port}`,
            ],
            { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
          );
          server.stderr!.on('data', chunk => (serverLog += String(chunk)));
          // Ready, and every rule group has run once over the backfilled metrics.
          const deadline = Date.now() + 60_000;
          for (;;) {
            try {
              const response = await fetch(`${baseUrl}/api/v1/rules`);
              const body = (await response.json()) as {
                data: { groups: Array<{ lastEvaluation: string }> };
              };
              const evaluated = body.data.groups.filter(
                g => !g.lastEvaluation.startsWith('0001-'),
              );
              if (evaluated.length === groups.length) break;
            } catch {
              // not listening yet
            }
            if (Date.now() > deadline) {
              throw new Error(
                `Prometheus did not evaluate the rules within 60 s:\n${serverLog.slice(
                  -3000,
                )}`,
              );
            }
            await new Promise(resolve => setTimeout(resolve, 500));
          }
        });
        after(() => {
          if (server?.pid) server.kill('SIGTERM');
          rmSync(dir, { recursive: true, force: true });
        });

        it('evaluates every dashboard query without error, with data in every panel', async () => {
          const configMap = parse(
            read('environments/prod/grafana-dashboard.yaml'),
          );
          const json = JSON.parse(Object.values<string>(configMap.data)[0]!);
          let count = 0;
          for (const panel of json.panels) {
            for (const target of panel.targets) {
              const result = await query(target.expr);
              assert.ok(
                result.length > 0,
                `${panel.title}: ${target.expr} returned nothing`,
              );
              count += 1;
            }
          }
          assert.ok(count >= 10);
        });

        it('evaluates the analysis queries with their args: the healthy ReplicaSet passes, the failing canary does not', async () => {
          const templates = parseAllDocuments(
            read('deploy/analysis-templates.yaml'),
          ).map(d => d.toJS());
          for (const template of templates) {
            const metric = template.spec.metrics[0];
            const [, op, bound] = /result\[0\] (>=|<=) ([0-9.]+)$/.exec(
              metric.successCondition,
            )!;
            const passes = (value: number) =>
              op === '>=' ? value >= Number(bound) : value <= Number(bound);
            for (const [hash, healthy] of [
              [stableHash, true],
              [canaryHash, false],
            ] as const) {
              const result = await query(
                metric.provider.prometheus.query
                  .replaceAll('{{args.canary-hash}}', hash)
                  // The Rollout passes its namespace: prod's, the team's.
                  .replaceAll('{{args.namespace}}', options.owner!),
              );
              assert.equal(
                result.length,
                1,
                `${template.metadata.name} for ${hash}`,
              );
              const value = Number(result[0]!.value[1]);
              assert.equal(
                passes(value),
                healthy,
                `${template.metadata.name} for ${hash}: ${value} ${op} ${bound}`,
              );
            }
          }
        });

        it('renders the alerts’ annotation queries against the same data', async () => {
          for (const rule of groups
            .flatMap(g => g.rules)
            .filter(r => r.annotations?.description?.includes('with query'))) {
            const [, text] = /with query "((?:[^"\\]|\\.)*)"/.exec(
              rule.annotations.description,
            )!;
            await query(text!.replace(/\\(.)/g, '$1'));
          }
        });
      },
    );
  });
}
