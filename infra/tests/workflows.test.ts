import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { unpinnedActions, workflowProblems } from '@internal/iac-checks';
import { platform } from 'generator-commerce-service/src/platform.ts';
import { filesUnder, read } from './support.ts';

const workflows = filesUnder('.github/workflows', /\.ya?ml$/).map(file => ({
  file,
  content: read(file),
}));

describe("the portal's GitHub workflows", () => {
  it('exist and parse without errors in GitHub’s workflow parser', () => {
    assert.ok(workflows.length > 0);
    for (const { file, content } of workflows) {
      assert.deepEqual(workflowProblems(file, content), [], file);
    }
  });

  it('pin every third-party action to a full commit SHA', () => {
    for (const { file, content } of workflows) {
      assert.deepEqual(unpinnedActions(content), [], file);
    }
  });

  it('build, test, scan, lint and what-if the Bicep, and deploy from main only, with OIDC', () => {
    const { file, content } = workflows.find(w =>
      w.file.endsWith('portal.yml'),
    )!;
    const workflow = parse(content);
    const text = JSON.stringify(workflow);
    assert.match(text, /\.ci\/run/, `${file} runs the test suite`);
    assert.match(text, /trivy-action/, `${file} scans the image`);
    assert.match(text, /bicep (build|lint)/, `${file} compiles the Bicep`);
    assert.match(text, /what-if/, `${file} previews the deployment`);
    assert.doesNotMatch(text, /client-secret|creds:|AZURE_CREDENTIALS/);
    const deploy = workflow.jobs.deploy;
    assert.ok(deploy, `${file} has a deploy job`);
    assert.match(String(deploy.if), /refs\/heads\/main/);
    assert.equal(deploy.permissions?.['id-token'], 'write');
  });

  it('signs pull requests in as the what-if identity, and only production-environment jobs as the deployer', () => {
    const { file, content } = workflows.find(w =>
      w.file.endsWith('portal.yml'),
    )!;
    const jobs: Record<string, any> = parse(content).jobs;
    const logins = Object.entries(jobs).flatMap(([name, job]) =>
      (job.steps ?? [])
        .filter((step: any) => String(step.uses).startsWith('azure/login@'))
        .map((step: any) => ({
          name,
          job,
          clientId: String(step.with?.['client-id']),
          if: String(step.if ?? ''),
        })),
    );
    assert.ok(logins.length >= 2, `${file} signs in to Azure`);
    for (const login of logins) {
      const environment =
        typeof login.job.environment === 'string'
          ? login.job.environment
          : login.job.environment?.name;
      if (login.clientId === '${{ vars.AZURE_CLIENT_ID }}') {
        // The deployer's token only after the environment's required reviewers.
        assert.equal(environment, 'production', `job ${login.name}`);
      } else {
        assert.equal(
          login.clientId,
          '${{ vars.AZURE_WHATIF_CLIENT_ID }}',
          `job ${login.name} signs in as an unknown identity`,
        );
        assert.equal(environment, undefined, `job ${login.name}`);
      }
      if (login.if.includes('pull_request')) {
        assert.equal(login.clientId, '${{ vars.AZURE_WHATIF_CLIENT_ID }}');
      }
    }
    // A job that can get a token but has no environment runs only the what-if identity, and
    // nothing outside the deploy job pushes or deploys.
    for (const [name, job] of Object.entries(jobs)) {
      const text = JSON.stringify(job.steps ?? []);
      if (/docker push|az deployment group create|kubectl apply/.test(text)) {
        assert.equal(job.environment, 'production', `job ${name}`);
      }
    }
    assert.deepEqual(
      logins
        .filter(l => l.clientId.includes('AZURE_CLIENT_ID'))
        .map(l => l.name),
      ['deploy'],
    );

    // The identities' federated credentials name exactly those two subjects.
    const identities = read('infra/modules/portal-ci-identities.bicep');
    const subjects = [...identities.matchAll(/subject: '([^']+)'/g)].map(
      m => m[1],
    );
    assert.deepEqual(subjects, [
      'repo:${githubRepository}:pull_request',
      'repo:${githubRepository}:environment:production',
    ]);
    assert.match(
      identities,
      /name: 'id-commerce-portal-whatif'[\s\S]*?subject: 'repo:\$\{githubRepository\}:pull_request'/,
    );
    assert.match(
      identities,
      /name: 'id-commerce-portal-deploy'[\s\S]*?subject: 'repo:\$\{githubRepository\}:environment:production'/,
    );
    // The what-if identity's role reads and previews: no write, delete or other action.
    const whatIfRole =
      /resource whatIfRole [\s\S]*?actions: \[([\s\S]*?)\]/.exec(identities);
    assert.deepEqual(
      whatIfRole?.[1]!
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean),
      [
        "'*/read'",
        "'Microsoft.Resources/deployments/whatIf/action'",
        "'Microsoft.Resources/deployments/validate/action'",
      ],
    );
    assert.match(
      read('infra/main.bicep'),
      /^module portalCiIdentities 'modules\/portal-ci-identities\.bicep'/m,
    );
  });

  it('runs exactly the jobs that push an image on the runner group inside the platform network, the group platform.ts names', () => {
    const { file, content } = workflows.find(w =>
      w.file.endsWith('portal.yml'),
    )!;
    const jobs: Record<string, any> = parse(content).jobs;
    const pushes = (job: any) =>
      /docker push|az acr (build|import)|oras push|crane push/.test(
        JSON.stringify(job.steps ?? []),
      );
    const onGroup = Object.entries(jobs)
      .filter(([, job]) => job['runs-on']?.group !== undefined)
      .map(([name]) => name);
    assert.deepEqual(
      onGroup,
      Object.entries(jobs)
        .filter(([, job]) => pushes(job))
        .map(([name]) => name),
      `${file}: the jobs on a runner group are the jobs that push`,
    );
    assert.deepEqual(onGroup, ['deploy']);
    assert.deepEqual(jobs.deploy['runs-on'], {
      group: platform.privateNetworkRunnerGroup,
    });
    for (const [name, job] of Object.entries(jobs).filter(
      ([n]) => !onGroup.includes(n),
    )) {
      assert.equal(job['runs-on'], 'ubuntu-latest', `job ${name}`);
    }
    // The Bicep parameter files read the organization's id from the workflow's environment.
    const workflow = parse(content);
    assert.equal(
      workflow.env.GITHUB_ORGANIZATION_DATABASE_ID,
      '${{ github.repository_owner_id }}',
    );
    for (const env of ['dev', 'prod']) {
      assert.match(
        read(`infra/main.${env}.bicepparam`),
        /^param githubOrganizationDatabaseId = readEnvironmentVariable\('GITHUB_ORGANIZATION_DATABASE_ID'\)$/m,
      );
    }
  });
});
