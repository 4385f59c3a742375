import assert from 'node:assert/strict';
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  schemaProblems,
  unpinnedActions,
  workflowProblems,
} from '@internal/iac-checks';
import { parse, parseAllDocuments } from 'yaml';
import { generateService } from '../../src/cli.ts';
import { apiAppIdPlaceholder } from '../../src/entra.ts';
import { kindParts } from '../../src/kinds/index.ts';
import { platform } from '../../src/platform.ts';
import { parseServiceOptions } from '../../src/spec.ts';
import { sampleOptions } from '../../src/testing/sample-options.ts';

/** A bash script run beside this process (the test's HTTP server keeps answering meanwhile). */
function runAsync(
  script: string,
  env: Record<string, string>,
): Promise<{ status: number; output: string }> {
  return new Promise(resolve => {
    execFile(
      'bash',
      ['-eo', 'pipefail', '-c', script],
      { env: { PATH: process.env.PATH!, ...env } },
      (error, stdout, stderr) =>
        resolve({
          status: error ? Number((error as { code?: number }).code ?? 1) : 0,
          output: stdout + stderr,
        }),
    );
  });
}

const sampleSpec = (kind: string) =>
  parseServiceOptions(sampleOptions[kind]!, '0.0.0');

for (const [kind, part] of Object.entries(kindParts)) {
  describe(`generated GitHub workflows (${kind})`, () => {
    let out: string;
    let workflows: Array<{ file: string; content: string }>;

    before(async () => {
      out = mkdtempSync(path.join(tmpdir(), 'commerce-workflows-'));
      await generateService(out, sampleOptions[kind]!);
      const dir = path.join(out, '.github/workflows');
      workflows = readdirSync(dir).map(file => ({
        file,
        content: readFileSync(path.join(dir, file), 'utf8'),
      }));
    });
    after(() => rmSync(out, { recursive: true, force: true }));

    it('parse without errors in GitHub’s workflow parser', () => {
      assert.ok(workflows.length > 0);
      for (const { file, content } of workflows) {
        assert.deepEqual(workflowProblems(file, content), [], file);
      }
    });

    it('uses a parser that does report a broken workflow (the check can fail)', () => {
      const broken = workflows[0]!.content.replace('runs-on:', 'runs-onn:');
      assert.ok(workflowProblems('broken.yml', broken).length > 0);
    });

    it('pins every third-party action to a full commit SHA', () => {
      for (const { file, content } of workflows) {
        assert.deepEqual(unpinnedActions(content), [], file);
      }
    });

    it('signs in to Azure with OIDC only, and tests against the store as a service container', () => {
      const pipeline = parse(
        workflows.find(w => w.file === 'pipeline.yml')!.content,
      );
      const release = parse(
        workflows.find(w => w.file === 'release.yml')!.content,
      );
      assert.equal(
        pipeline.jobs.test.services?.store?.image,
        part.dataStore.ciService?.image,
      );
      assert.equal(pipeline.jobs.test.env.REQUIRE_STORE, '1');
      const jobs = { ...pipeline.jobs, ...release.jobs };
      for (const job of [
        'what-if',
        'deploy-dev',
        'verify-dev',
        'deploy-prod',
      ]) {
        assert.equal(jobs[job].permissions['id-token'], 'write', job);
      }
      const text = JSON.stringify([pipeline, release]);
      assert.doesNotMatch(text, /client-secret|creds:|AZURE_CREDENTIALS/);
      assert.match(text, /trivy-action/);
      assert.match(text, /what-if/);
    });

    it('load-tests the built service on its store after the build, in the test job the image push waits for', () => {
      const pipeline = parse(
        workflows.find(w => w.file === 'pipeline.yml')!.content,
      );
      const steps = pipeline.jobs.test.steps as Array<{
        name?: string;
        run?: string;
        env?: Record<string, string>;
      }>;
      const index = (pattern: RegExp) =>
        steps.findIndex(s => pattern.test(s.run ?? ''));
      const build = index(/^npm run build$/);
      const startService = index(/^npm start\b.*&$/);
      const loadTest = index(/^npm run loadtest$/);
      assert.ok(build >= 0, 'the test job builds the service');
      assert.ok(
        build < startService && startService < loadTest,
        `build (${build}) < npm start (${startService}) < npm run loadtest (${loadTest})`,
      );
      // The store: a service container, or a local server started (and waited for) before the
      // service, from the service's own packages.
      const local = part.dataStore.ciLocalServer;
      assert.ok(
        Boolean(part.dataStore.ciService) !== Boolean(local),
        'a service container or a local server, one of them',
      );
      if (local) {
        const startStore = steps.findIndex(s => s.name === local.name);
        assert.ok(
          startStore > build && startStore < startService,
          `build (${build}) < ${local.name} (${startStore}) < npm start (${startService})`,
        );
        const run = steps[startStore]!.run!;
        assert.match(
          run,
          new RegExp(
            `^${local.command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*&$`,
            'm',
          ),
        );
        assert.match(run, /until curl/);
        assert.match(
          steps.find(
            s =>
              /service\.log/.test(s.run ?? '') &&
              s.run !== 'npm start > service.log 2>&1 &',
          )!.run!,
          /store\.log/,
        );
        // The command's program is the service's own: a devDependency bin or a file it ships.
        const pkg = JSON.parse(
          readFileSync(path.join(out, 'package.json'), 'utf8'),
        );
        const program = local.command.split(' ')[1]!;
        assert.ok(
          local.command.startsWith('npx ')
            ? Object.keys(pkg.devDependencies).some(
                dep => dep.endsWith(`/${program}`) || dep === program,
              )
            : readdirSync(path.join(out, path.dirname(program))).includes(
                path.basename(program),
              ),
          `${local.command}: its program is in the service`,
        );
      }
      // The built service reaches its store and the local issuer with CI's local settings.
      const env = { ...pipeline.jobs.test.env, ...steps[startService]!.env };
      for (const e of part.env(sampleSpec(kind))) {
        assert.equal(
          String(env[e.name]),
          local?.env[e.name] ?? e.local,
          e.name,
        );
      }
      for (const [name, value] of Object.entries(local?.env ?? {})) {
        assert.equal(env[name], value, name);
      }
      assert.match(env.AUTH_ISSUER, /^http:\/\/127\.0\.0\.1:\d+\//);
      // The push is in the dev deploy job, which waits for the whole test job.
      assert.deepEqual([pipeline.jobs['deploy-dev'].needs].flat(), ['test']);
      const push = (
        pipeline.jobs['deploy-dev'].steps as Array<{ run?: string }>
      ).find(s => /docker push/.test(s.run ?? ''));
      assert.ok(push, 'the dev deploy job pushes');
      // The service's package runs the script the step calls.
      const pkg = JSON.parse(
        readFileSync(path.join(out, 'package.json'), 'utf8'),
      );
      assert.equal(pkg.scripts.loadtest, 'node scripts/loadtest.ts');
    });

    describe("the deploy jobs' edits of deploy/ (run on the generated files)", () => {
      const pipeline = () =>
        parse(workflows.find(w => w.file === 'pipeline.yml')!.content);
      const release = () =>
        parse(workflows.find(w => w.file === 'release.yml')!.content);
      const bump = (environment = 'prod') =>
        (environment === 'prod' ? release() : pipeline()).jobs[
          `deploy-${environment}`
        ].steps.find((s: any) => /sed -i/.test(s.run ?? ''));
      /** Runs the step's sed commands (not git) in the generated repository, as CI would. */
      const runSeds = (values: Record<string, string>) => {
        const script = (bump().run as string)
          .split('\n')
          .filter(line => line.startsWith('sed '))
          .join('\n');
        execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
          cwd: out,
          env: { PATH: process.env.PATH!, TAG: 'abc123', ...values },
        });
      };
      const read = (file: string) => readFileSync(path.join(out, file), 'utf8');
      const policies = () =>
        parseAllDocuments(read('deploy/securitypolicy.yaml')).map(
          d => d.toJS() as any,
        );

      it("takes the API app id from the deploy step's Bicep output, and the tenant from the environment", () => {
        const jobs = release().jobs;
        const deploy = jobs['deploy-prod'].steps.find(
          (s: any) => s.id === 'deploy',
        );
        assert.match(deploy.run, /--query "properties\.outputs\.\$1\.value"/);
        assert.match(
          deploy.run,
          /^echo "api-app-id=\$\(output API_APP_ID\)" >> "\$GITHUB_OUTPUT"$/m,
        );
        assert.deepEqual(bump().env, {
          GH_TOKEN: '${{ github.token }}',
          BRANCH: `gitops/${sampleOptions[kind]!.name}-prod`,
          // prod gets the tag dev was tested on, never the commit the release run started from.
          TAG: '${{ needs.verify-dev.outputs.tag }}',
          CLIENT_ID: '${{ steps.deploy.outputs.client-id }}',
          TENANT_ID: '${{ vars.AZURE_TENANT_ID }}',
          API_APP_ID: '${{ steps.deploy.outputs.api-app-id }}',
        });
      });

      it('writes the tenant and both audiences into the ConfigMap and every SecurityPolicy, which stay valid', async () => {
        // Before: the documented placeholders, one per value.
        assert.match(
          read('deploy/configmap.yaml'),
          new RegExp(platform.entraTenantId),
        );
        assert.match(
          read('deploy/securitypolicy.yaml'),
          new RegExp(apiAppIdPlaceholder),
        );
        const name = sampleOptions[kind]!.name!;
        for (const values of [
          {
            CLIENT_ID: '11111111-2222-3333-4444-555555555555',
            TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
            API_APP_ID: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          },
          // A second deploy with other values replaces the first ones (nothing stays behind).
          {
            CLIENT_ID: '66666666-7777-4888-9999-000000000000',
            TENANT_ID: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
            API_APP_ID: '12345678-9abc-4def-8123-456789abcdef',
          },
        ]) {
          runSeds(values);
          const issuer = `https://login.microsoftonline.com/${values.TENANT_ID}/v2.0`;
          const jwks = `https://login.microsoftonline.com/${values.TENANT_ID}/discovery/v2.0/keys`;
          const data = parse(read('deploy/configmap.yaml')).data;
          assert.equal(data.AUTH_ISSUER, issuer);
          assert.equal(data.AUTH_JWKS_URL, jwks);
          assert.equal(
            data.AUTH_AUDIENCE,
            `api://${name},${values.API_APP_ID}`,
          );
          assert.ok(policies().length >= 1);
          for (const policy of policies()) {
            const [provider] = policy.spec.jwt.providers;
            assert.equal(provider.issuer, issuer, policy.metadata.name);
            assert.equal(provider.remoteJWKS.uri, jwks, policy.metadata.name);
            assert.deepEqual(
              provider.audiences,
              [`api://${name}`, values.API_APP_ID],
              policy.metadata.name,
            );
          }
          assert.deepEqual(
            await schemaProblems(
              policies().map(object => ({
                file: 'deploy/securitypolicy.yaml',
                object,
              })),
            ),
            [],
          );
          const overlay = parse(read('environments/prod/kustomization.yaml'));
          assert.equal(overlay.images[0].newTag, 'abc123');
          assert.match(
            overlay.patches[0].patch,
            new RegExp(`value: ${values.CLIENT_ID}$`, 'm'),
          );
          // The other environment's release is its own pull request.
          assert.equal(
            parse(read('environments/dev/kustomization.yaml')).images[0].newTag,
            '0.1.0',
          );
          for (const file of ['configmap.yaml', 'securitypolicy.yaml']) {
            const text = read(`deploy/${file}`);
            assert.doesNotMatch(text, new RegExp(platform.entraTenantId), file);
            assert.doesNotMatch(text, new RegExp(apiAppIdPlaceholder), file);
          }
        }
      });
    });

    it('deploys dev on main; the merged dev release starts the release workflow, which tests dev, then prod behind the production environment; pull requests only preview', () => {
      const pipeline = parse(
        workflows.find(w => w.file === 'pipeline.yml')!.content,
      );
      const release = parse(
        workflows.find(w => w.file === 'release.yml')!.content,
      );
      const { jobs, on } = pipeline;
      const name = sampleOptions[kind]!.name!;
      assert.deepEqual(on.push.branches, ['main']);
      // The pipeline: test → deploy-dev on pushes to main; it does not wait for the merge.
      assert.equal(jobs['deploy-dev'].needs, 'test');
      assert.equal(jobs['deploy-dev'].if, "github.event_name == 'push'");
      assert.equal(jobs['verify-dev'], undefined);
      assert.equal(jobs['deploy-prod'], undefined);
      // A merged release changes only the overlays: it does not build again.
      assert.deepEqual(on.push['paths-ignore'], ['environments/**']);
      // The release workflow: only a push to main that changes dev's overlay (the merged
      // release) starts it, never a pull request; verify-dev → deploy-prod.
      assert.deepEqual(release.on, {
        push: { branches: ['main'], paths: ['environments/dev/**'] },
      });
      assert.equal(release.concurrency['cancel-in-progress'], false);
      assert.equal(release.jobs['deploy-prod'].needs, 'verify-dev');
      // The deploy identity is reachable only from the environments its credentials name.
      assert.equal(jobs['deploy-dev'].environment, 'dev');
      assert.equal(release.jobs['verify-dev'].environment, 'dev');
      assert.equal(release.jobs['deploy-prod'].environment, 'production');
      const login = (job: any) =>
        job.steps.find((s: any) => /azure\/login@/.test(s.uses ?? '')).with[
          'client-id'
        ];
      assert.equal(login(jobs['deploy-dev']), '${{ vars.AZURE_CLIENT_ID }}');
      assert.equal(
        login(release.jobs['deploy-prod']),
        '${{ vars.AZURE_CLIENT_ID }}',
      );
      // Pull requests: the what-if environment, whose AZURE_CLIENT_ID is the what-if identity
      // (the only identity its subject is trusted by), and nothing that writes.
      assert.equal(jobs['what-if'].if, "github.event_name == 'pull_request'");
      assert.equal(jobs['what-if'].environment, 'what-if');
      assert.equal(login(jobs['what-if']), '${{ vars.AZURE_CLIENT_ID }}');
      const previews = jobs['what-if'].steps
        .map((s: any) => s.run ?? '')
        .filter((run: string) => /what-if/.test(run));
      assert.deepEqual(
        previews.map((run: string) => /--resource-group (\S+)/.exec(run)![1]),
        [`rg-${name}-dev`, `rg-${name}-prod`],
      );
      // Every job that can run on a pull request: none uses dev or production.
      for (const [id, job] of Object.entries<any>(jobs)) {
        if (job.if === "github.event_name == 'push'") continue;
        const text = JSON.stringify(job);
        assert.doesNotMatch(
          text,
          /deployment group create|docker push|git push|AZURE_WHATIF_CLIENT_ID/,
          id,
        );
        // A pull-request job reads a client id only in the what-if environment (the what-if
        // identity's), never in dev or production (the deploy identity's).
        if (/AZURE_CLIENT_ID/.test(text))
          assert.equal(job.environment, 'what-if', id);
        assert.ok(!['dev', 'production'].includes(job.environment), id);
      }
      // Each environment deploys its own parameters into its own group.
      for (const [job, environment] of [
        [jobs['deploy-dev'], 'dev'],
        [release.jobs['deploy-prod'], 'prod'],
      ] as const) {
        const deploy = job.steps.find((s: any) => s.id === 'deploy').run;
        assert.match(
          deploy,
          /--resource-group "\$\{\{ vars\.AZURE_RESOURCE_GROUP \}\}"/,
        );
        assert.match(
          deploy,
          new RegExp(`--parameters infra/main\\.${environment}\\.bicepparam`),
        );
        // verify-dev calls dev as this identity: the deploy jobs have main.bicep grant it the
        // app roles the load-test scenario sends (when it sends any), the portal's deploys not.
        const scenarioRoles = [
          ...part.loadTest.setup,
          ...part.loadTest.requests,
        ].flatMap(step => step.roles ?? []);
        assert.equal(
          /--parameters grantReleaseVerifier=true$/m.test(deploy),
          scenarioRoles.length > 0,
          `${kind} ${environment}: ${scenarioRoles.join(', ')}`,
        );
      }
      assert.equal(
        login(release.jobs['verify-dev']),
        '${{ vars.AZURE_CLIENT_ID }}',
      );
      // The release reaches main through a pull request per service and environment, never a
      // push to main, and never auto-merged with the job's token: GitHub starts no workflow for
      // a merge made with it, so the release workflow would never run.
      for (const [job, environment] of [
        [jobs['deploy-dev'], 'dev'],
        [release.jobs['deploy-prod'], 'prod'],
      ] as const) {
        const bump = job.steps.find((s: any) =>
          /gh pr create/.test(s.run ?? ''),
        );
        assert.equal(bump.env.BRANCH, `gitops/${name}-${environment}`);
        assert.match(bump.run, /git push --force origin "\$BRANCH"/);
        assert.doesNotMatch(bump.run, /git push(?! --force origin "\$BRANCH")/);
        assert.doesNotMatch(bump.run, /gh pr merge/);
        assert.match(bump.run, new RegExp(`environments/${environment}/`));
      }
      // dev gets this commit's image; prod the one verify-dev read from dev's overlay and tested.
      const tagOf = (job: any) =>
        job.steps.find((s: any) => /gh pr create/.test(s.run ?? '')).env.TAG;
      assert.equal(tagOf(jobs['deploy-dev']), '${{ github.sha }}');
      assert.equal(
        tagOf(release.jobs['deploy-prod']),
        '${{ needs.verify-dev.outputs.tag }}',
      );
      assert.equal(
        release.jobs['verify-dev'].outputs.tag,
        '${{ steps.release.outputs.tag }}',
      );
      assert.ok(
        !JSON.stringify(release.jobs['deploy-prod']).includes('docker '),
        'prod builds nothing',
      );
      // The image reports the commit it was built from (GET /version): what verify-dev waits for.
      const build = jobs['deploy-dev'].steps.find((s: any) =>
        /docker build/.test(s.run ?? ''),
      );
      assert.match(
        build.run,
        /--build-arg "SERVICE_VERSION=\$\{\{ github\.sha \}\}"/,
      );
      if (part.loadTest) {
        const gate = release.jobs['verify-dev'].steps.find((s: any) =>
          /npm run loadtest/.test(s.run ?? ''),
        );
        assert.equal(gate.env.LOADTEST_URL, '${{ vars.SERVICE_URL }}');
        assert.equal(gate.env.LOADTEST_READY_SECONDS, '0');
        // A token for each API the scenario sends to: its own, and every other service its
        // setup calls (payment creates the order it pays in order-service), as the same identity.
        const scopes = [
          ...gate.run.matchAll(
            /az account get-access-token --scope '([^']+)\/\.default'/g,
          ),
        ].map(m => m[1]);
        assert.deepEqual(scopes, [
          `api://${name}`,
          ...Object.keys(part.loadTest.services ?? {}).map(s => `api://${s}`),
        ]);
        assert.equal(
          Object.keys(part.loadTest.services ?? {}).length > 0,
          kind === 'payment',
        );
      }
    });

    describe("the release workflow's steps (run here with bash, curl and jq, as on the runner)", () => {
      const release = () =>
        parse(workflows.find(w => w.file === 'release.yml')!.content);
      const step = (pattern: RegExp) =>
        release().jobs['verify-dev'].steps.find((s: any) =>
          pattern.test(s.name ?? ''),
        );
      const tag = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
      const run = (script: string, env: Record<string, string>, cwd = out) =>
        spawnSync('bash', ['-eo', 'pipefail', '-c', script], {
          cwd,
          env: {
            PATH: process.env.PATH!,
            GITHUB_OUTPUT: path.join(cwd, 'github-output'),
            ...env,
          },
          encoding: 'utf8',
        });

      it('skips every step and prod when dev has no release yet (an empty tag)', () => {
        const { jobs } = release();
        const steps = jobs['verify-dev'].steps as Array<{
          id?: string;
          if?: string;
        }>;
        const at = steps.findIndex(s => s.id === 'release');
        assert.ok(at >= 0);
        for (const later of steps.slice(at + 1)) {
          assert.equal(
            later.if,
            "steps.release.outputs.tag != ''",
            JSON.stringify(later),
          );
        }
        assert.equal(
          jobs['deploy-prod'].if,
          "needs.verify-dev.outputs.tag != ''",
        );
      });

      it("reads the release from dev's overlay, does nothing before the first release, and refuses a tag the pipeline did not build", () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'commerce-release-'));
        try {
          mkdirSync(path.join(dir, 'environments/dev'), { recursive: true });
          const overlay = readFileSync(
            path.join(out, 'environments/dev/kustomization.yaml'),
            'utf8',
          );
          const { run: script } = step(/^The release dev runs/);
          writeFileSync(
            path.join(dir, 'environments/dev/kustomization.yaml'),
            overlay.replace(/newTag: .*/, `newTag: ${tag}`),
          );
          const ok = run(script, {}, dir);
          assert.equal(ok.status, 0, ok.stdout + ok.stderr);
          assert.equal(
            readFileSync(path.join(dir, 'github-output'), 'utf8'),
            `tag=${tag}\n`,
          );
          // As generated (the repository's first commits): no release yet, nothing to do.
          rmSync(path.join(dir, 'github-output'));
          writeFileSync(
            path.join(dir, 'environments/dev/kustomization.yaml'),
            overlay,
          );
          const first = run(script, {}, dir);
          assert.equal(first.status, 0, first.stdout + first.stderr);
          assert.match(first.stdout, /no release on dev yet/);
          assert.ok(
            !existsSync(path.join(dir, 'github-output')),
            'no tag output',
          );
          // Anything else that is no image of the pipeline's: refused, saying why.
          writeFileSync(
            path.join(dir, 'environments/dev/kustomization.yaml'),
            overlay.replace(/newTag: .*/, 'newTag: latest'),
          );
          const refused = run(script, {}, dir);
          assert.equal(refused.status, 1);
          assert.match(
            refused.stdout,
            /newTag is 'latest', not an image the pipeline built/,
          );
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      });

      it('waits until dev answers GET /version with the release, 20 times in a row, and gives up with what it last saw', async () => {
        // dev answers with the last release first, then (mid-rollout) both, then the new one.
        const short = sampleOptions[kind]!.name!.replace(/-service$/, '');
        let calls = 0;
        const server = createServer((request, response) => {
          calls += 1;
          assert.equal(request.url, `/dev/${short}/version`);
          const version =
            calls <= 3 ? 'old' : calls <= 6 ? (calls % 2 ? tag : 'old') : tag;
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify({ version }));
        });
        await new Promise<void>(resolve =>
          server.listen(0, '127.0.0.1', resolve),
        );
        const { port } = server.address() as AddressInfo;
        // The runner's pauses, shortened: the loop's logic is what is tested.
        const script = step(/^Wait until dev serves it/)
          .run.replace('sleep 10', 'sleep 0.05')
          .replace('sleep 1', 'sleep 0.01');
        const serviceUrl = `http://127.0.0.1:${port}/dev/${short}/`;
        try {
          const waited = await runAsync(script, {
            SERVICE_URL: serviceUrl,
            TAG: tag,
            WAIT_SECONDS: '60',
          });
          assert.equal(waited.status, 0, waited.output);
          assert.match(waited.output, new RegExp(`dev serves ${tag}`));
          assert.ok(calls >= 6 + 20, `${calls} requests`);
          const gaveUp = await runAsync(script, {
            SERVICE_URL: serviceUrl,
            TAG: 'f'.repeat(40),
            WAIT_SECONDS: '1',
          });
          assert.equal(gaveUp.status, 1);
          assert.match(
            gaveUp.output,
            new RegExp(
              `dev did not serve release f{40} within 1 s \\(last answer of ${serviceUrl.replace(
                /\/$/,
                '',
              )}/version: \\{"version":"${tag}"\\}\\)`,
            ),
          );
          const unset = await runAsync(script, {
            SERVICE_URL: '',
            TAG: tag,
            WAIT_SECONDS: '1',
          });
          assert.equal(unset.status, 1);
          assert.match(
            unset.output,
            /The dev environment has no SERVICE_URL variable/,
          );
        } finally {
          server.close();
        }
      });
    });

    if (Object.keys(part.loadTest.services ?? {}).length > 0) {
      it("gives the load test dev's other services on the same gateway, and a token of the same identity for each", () => {
        const gate = parse(
          workflows.find(w => w.file === 'release.yml')!.content,
        ).jobs['verify-dev'].steps.find((s: any) =>
          /npm run loadtest/.test(s.run ?? ''),
        );
        // az and npm as on the runner, recording what the step gives them.
        const bin = mkdtempSync(path.join(tmpdir(), 'commerce-verify-bin-'));
        try {
          writeFileSync(
            path.join(bin, 'az'),
            '#!/bin/sh\n# az account get-access-token --scope <scope> ...\necho "token-for-$4"\n',
            { mode: 0o755 },
          );
          writeFileSync(
            path.join(bin, 'npm'),
            '#!/bin/sh\nenv | grep ^LOADTEST_ | sort\n',
            { mode: 0o755 },
          );
          const name = sampleOptions[kind]!.name!;
          const short = name.replace(/-service$/, '');
          const run = (serviceUrl: string) =>
            spawnSync('bash', ['-eo', 'pipefail', '-c', gate.run], {
              env: {
                PATH: `${bin}:${process.env.PATH}`,
                ...gate.env,
                LOADTEST_URL: serviceUrl,
              },
              encoding: 'utf8',
            });
          const ok = run(`https://edge.example/dev/${short}/`);
          assert.equal(ok.status, 0, ok.stdout + ok.stderr);
          for (const service of Object.keys(part.loadTest.services!)) {
            const variable = service.toUpperCase().replace(/-/g, '_');
            const otherShort = service.replace(/-service$/, '');
            assert.match(
              ok.stdout,
              new RegExp(
                `^LOADTEST_${variable}_URL=https://edge\\.example/dev/${otherShort}/$`,
                'm',
              ),
            );
            assert.match(
              ok.stdout,
              new RegExp(
                `^LOADTEST_${variable}_TOKEN=token-for-api://${service}/\\.default$`,
                'm',
              ),
            );
          }
          assert.match(
            ok.stdout,
            new RegExp(
              `^LOADTEST_TOKEN=token-for-api://${name}/\\.default$`,
              'm',
            ),
          );
          // A SERVICE_URL that is not on the edge's dev route: refused, saying what to set.
          const elsewhere = run('https://somewhere.example/payments/');
          assert.equal(elsewhere.status, 1);
          assert.match(
            elsewhere.stdout,
            new RegExp(
              `SERVICE_URL \\(https://somewhere\\.example/payments/\\) does not end with /dev/${short}/`,
            ),
          );
        } finally {
          rmSync(bin, { recursive: true, force: true });
        }
      });
    }

    it('runs exactly the jobs that push the image on the platform-network runner group, every other job on ubuntu-latest', () => {
      const content = workflows.find(w => w.file === 'pipeline.yml')!.content;
      const jobs: Record<string, any> = parse(content).jobs;
      const pushes = (job: any) =>
        /docker push|az acr (build|import)|oras push|crane push/.test(
          JSON.stringify(job.steps ?? []),
        );
      const pushing = Object.keys(jobs).filter(name => pushes(jobs[name]));
      assert.deepEqual(pushing, ['deploy-dev']);
      for (const [name, job] of Object.entries(jobs)) {
        assert.deepEqual(
          job['runs-on'],
          pushing.includes(name)
            ? { group: platform.privateNetworkRunnerGroup }
            : 'ubuntu-latest',
          `job ${name}`,
        );
      }
      // The header says so, naming the group.
      assert.match(
        content,
        new RegExp(
          `^# .*runner group\\n# ${platform.privateNetworkRunnerGroup}, GitHub-hosted runners inside the platform's network`,
          'm',
        ),
      );
    });
  });
}
