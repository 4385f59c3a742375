import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { rolloutStrategies } from 'generator-commerce-service';
import {
  renderServiceTemplate,
  repoRoot,
  serviceTemplateFiles,
  serviceTemplates as found,
} from '@internal/tools';

const templatesDir = path.join(repoRoot, 'templates');
const serviceTemplates = found.map(({ dir, kind, file }) => ({
  dir,
  kind,
  template: parse(fs.readFileSync(file, 'utf8')),
}));

/** What a single-service run does, in order: read the targets, validate, generate, publish (a
 * new repository, or a pull request to the same service's on a re-run), register, create the
 * dev, prod and delivery resource groups, create the delivery identities, deploy dev then prod,
 * write the GitHub environments dev, production and what-if (each by the stock action, then its
 * variables by commerce:github:environment-variables), hand to Argo CD (dev, then prod). */
const serviceRunActions = [
  'commerce:platform:targets',
  'commerce:service:validate',
  'run:yeoman',
  'commerce:publish:local',
  'commerce:github:repository-state',
  'publish:github',
  'publish:github:pull-request',
  'commerce:catalog:register-local',
  'commerce:catalog:register',
  'commerce:azure:resource-group',
  'commerce:azure:resource-group',
  'commerce:azure:resource-group',
  'commerce:azure:deploy',
  'commerce:azure:deploy',
  'commerce:azure:deploy',
  'github:environment:create',
  'commerce:github:environment-variables',
  'github:environment:create',
  'commerce:github:environment-variables',
  'github:environment:create',
  'commerce:github:environment-variables',
  'commerce:gitops:register',
  'commerce:gitops:register',
];

describe('commerce-service templates', () => {
  const sharedParameters = fs.readFileSync(
    path.join(templatesDir, 'shared/service-parameters.yaml'),
    'utf8',
  );
  const sharedSteps = fs.readFileSync(
    path.join(templatesDir, 'shared/service-steps.yaml'),
    'utf8',
  );

  it('exist', () => {
    expect(serviceTemplates.map(t => t.dir)).toContain('cart-service');
  });

  // The catalog reads the committed files; they must be what templates/shared gives for each
  // kind, or an edit to the shared parts has not reached the Create page.
  it.each(
    serviceTemplateFiles().map(t => ({
      ...t,
      name: path.relative(repoRoot, t.file),
    })),
  )(
    '$name is generated from templates/shared (run yarn templates:generate when this fails)',
    ({ current, expected }) => {
      expect(current).toBe(expected);
    },
  );

  it('refuses a template that does not name its kind, or shared parts without KIND', () => {
    const shared = {
      parameters: '- title: The KIND service\n',
      steps: 'steps:\n  - id: generate\n    input: { kind: KIND }\n',
    };
    const head = (annotations: string) =>
      `apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata:\n  name: stock-service\n${annotations}spec:\n  type: service\n`;
    expect(() => renderServiceTemplate(head(''), shared, 'stock')).toThrow(
      "stock must annotate its service kind (metadata.annotations['commerce.platform/service-kind'])",
    );
    const annotated = head(
      '  annotations:\n    commerce.platform/service-kind: stock\n',
    );
    const rendered = renderServiceTemplate(annotated, shared, 'stock');
    expect(rendered).toContain(
      '  parameters:\n    - title: The stock service\n',
    );
    expect(rendered).toContain('      input: { kind: stock }\n');
    expect(() =>
      renderServiceTemplate(
        annotated,
        { ...shared, steps: 'steps: []\n' },
        'stock',
      ),
    ).toThrow('service-steps.yaml has no KIND placeholder');
  });

  // The only difference allowed: the budget field's serviceKind (a form field is not told which
  // template it is in), filled in like the shared steps' kind.
  it.each(serviceTemplates)(
    '$dir carries the shared form unchanged, for its own kind',
    ({ kind, template }) => {
      expect(sharedParameters).toContain('serviceKind: KIND');
      const expected = parse(
        sharedParameters.replace('serviceKind: KIND', `serviceKind: ${kind}`),
      );
      expect(template.spec.parameters).toEqual(expected);
    },
  );

  it("offers the blueprint's rollout strategies, canary by default, and hands the choice to the check and the blueprint", () => {
    const form = parse(sharedParameters);
    const field = form
      .map((page: { properties: Record<string, any> }) => page.properties)
      .find(
        (properties: Record<string, any>) => properties.rolloutStrategy,
      ).rolloutStrategy;
    expect(field.default).toBe('canary');
    expect(field.oneOf.map((o: { const: string }) => o.const)).toEqual([
      ...rolloutStrategies,
    ]);
    expect(field.description).toMatch(/blue-green when/);
    const steps = parse(sharedSteps).steps;
    const stepInput = (id: string) =>
      steps.find((s: { id: string }) => s.id === id).input;
    expect(stepInput('validate').rolloutStrategy).toBe(
      '${{ parameters.rolloutStrategy }}',
    );
    expect(stepInput('generate').options.rolloutStrategy).toBe(
      '${{ parameters.rolloutStrategy }}',
    );
  });

  it.each(serviceTemplates)(
    '$dir runs the shared steps for its own kind: validate, generate, publish, register, provision, deploy, GitOps',
    ({ dir, kind, template }) => {
      const expected = parse(
        sharedSteps.replace('kind: KIND', `kind: ${kind}`),
      );
      expect(template.spec.steps).toEqual(expected.steps);
      expect(template.spec.output).toEqual(expected.output);
      expect(
        template.spec.steps.map((s: { action: string }) => s.action),
      ).toEqual(serviceRunActions);
      expect(template.metadata.name).toBe(dir);
      const byId = (id: string) =>
        template.spec.steps.find((s: { id: string }) => s.id === id);
      expect(byId('resource-group-dev').input.name).toBe(
        'rg-${{ parameters.name }}-dev',
      );
      expect(byId('resource-group-dev').input.tags.environment).toBe('dev');
      expect(byId('resource-group').input.tags.environment).toBe('prod');
      expect(byId('delivery').input.templatePath).toBe('infra/delivery.bicep');
      // Production waits for the owning team; both environments get the deploy identity.
      expect(byId('environment-production').input.name).toBe('production');
      expect(byId('environment-production').input.reviewers).toEqual([
        '${{ steps.validate.output.ownerRef }}',
      ]);
      for (const [id, environment] of [
        ['environment-dev', 'dev'],
        ['environment-production', 'production'],
      ]) {
        const variables = byId(`${id}-variables`);
        expect(variables.input.environment).toBe(environment);
        expect(variables.input.variables.AZURE_CLIENT_ID).toBe(
          '${{ steps.delivery.output.outputs.DEPLOY_CLIENT_ID }}',
        );
        expect(byId(id).if).toMatch(/publishTarget === 'github'/);
        expect(variables.if).toBe(byId(id).if);
      }
      // dev's address for the smoke and load tests: from the portal's edge URL, or left out.
      expect(
        byId('environment-dev-variables').input.variables.SERVICE_URL,
      ).toBe('${{ steps.validate.output.devServiceUrl }}');
      // Pull requests preview in the what-if environment, as the what-if identity: no reviewers,
      // no branch policy, never the deploy identity.
      const whatIf = byId('environment-what-if');
      expect(whatIf.input.name).toBe('what-if');
      expect(
        byId('environment-what-if-variables').input.variables.AZURE_CLIENT_ID,
      ).toBe('${{ steps.delivery.output.outputs.WHATIF_CLIENT_ID }}');
      expect(whatIf.input.reviewers).toBeUndefined();
      expect(whatIf.input.deploymentBranchPolicy).toBeUndefined();
      expect(whatIf.if).toBe(byId('environment-dev').if);
    },
  );
});

describe('re-running a template on the production path', () => {
  // Both kinds of template: the shared steps (each service template) and the platform's.
  const steps = {
    service: parse(
      fs.readFileSync(
        path.join(templatesDir, 'shared/service-steps.yaml'),
        'utf8',
      ),
    ).steps,
    platform: parse(
      fs.readFileSync(
        path.join(templatesDir, 'commerce-platform/template.yaml'),
        'utf8',
      ),
    ).spec.steps,
  };
  const stepOf = (kind: keyof typeof steps, id: string) =>
    steps[kind].find((s: { id: string }) => s.id === id);

  it.each(['service', 'platform'] as const)(
    '%s: publishes a new repository, updates the same service’s through a pull request, by the repository check',
    kind => {
      const ids = steps[kind].map((s: { id: string }) => s.id);
      expect(ids.indexOf('repository-state')).toBeLessThan(
        ids.indexOf('publish-github'),
      );
      expect(stepOf(kind, 'publish-github').if).toMatch(
        /steps\['repository-state'\]\.output\.state(\[each\.key\])? === 'absent'/,
      );
      const update = stepOf(kind, 'update-github');
      expect(update.action).toBe('publish:github:pull-request');
      expect(update.if).toMatch(
        /steps\['repository-state'\]\.output\.state(\[each\.key\])? === 'same-service'/,
      );
      // The same repository as the check, and as publish:github would create.
      expect(update.input.repoUrl).toBe(
        stepOf(kind, 'publish-github').input.repoUrl,
      );
      expect(stepOf(kind, 'repository-state').input.repoUrl).toBe(
        update.input.repoUrl,
      );
      // A re-run updates its pull request and opens none for an unchanged service.
      expect(update.input).toMatchObject({
        update: true,
        createWhenEmpty: false,
      });
      expect(update.input.sourcePath).toBe(
        stepOf(kind, 'publish-github').input.sourcePath,
      );
      // Stock github:environment:create only creates variables (GitHub answers 409 for one
      // that exists): the environments' variables are written by the step after each, which
      // updates them, into the same repository and environment.
      for (const environment of ['dev', 'production', 'what-if']) {
        const create = stepOf(kind, `environment-${environment}`);
        const variables = stepOf(kind, `environment-${environment}-variables`);
        expect(create.input.environmentVariables).toBeUndefined();
        expect(ids.indexOf(variables.id)).toBe(ids.indexOf(create.id) + 1);
        expect(variables).toMatchObject({
          action: 'commerce:github:environment-variables',
          if: create.if,
          input: { repoUrl: create.input.repoUrl, environment },
        });
      }
      // The catalog registers whichever of the two found the repository.
      expect(stepOf(kind, 'register-github').input.repoContentsUrl).toMatch(
        /steps\['publish-github'\]\.output\.repoContentsUrl.* or steps\['repository-state'\]\.output\.repoContentsUrl/,
      );
    },
  );

  it.each(['service', 'platform'] as const)(
    '%s: hands the service to Argo CD once per environment, dev first, with the same service and owner',
    kind => {
      const gitops = steps[kind].filter(
        (s: { action: string }) => s.action === 'commerce:gitops:register',
      );
      expect(
        gitops.map((s: { id: string; input: { environment: string } }) => [
          s.id,
          s.input.environment,
        ]),
      ).toEqual([
        ['gitops-dev', 'dev'],
        ['gitops-prod', 'prod'],
      ]);
      // Each environment's own Application (argocd/application-<environment>.yaml, the
      // action's default when not named).
      expect(
        gitops.map(
          (s: { input: { applicationPath?: string } }) =>
            s.input.applicationPath?.replace(/^.*\/argocd\//, 'argocd/') ??
            'default',
        ),
      ).toEqual(
        kind === 'service'
          ? ['default', 'default']
          : ['argocd/application-dev.yaml', 'argocd/application-prod.yaml'],
      );
      const {
        environment: _dev,
        applicationPath: _devPath,
        ...dev
      } = gitops[0].input;
      const {
        environment: _prod,
        applicationPath: _prodPath,
        ...prod
      } = gitops[1].input;
      expect(dev).toEqual(prod);
    },
  );
});

describe('the commerce-platform template', () => {
  const template = parse(
    fs.readFileSync(
      path.join(templatesDir, 'commerce-platform/template.yaml'),
      'utf8',
    ),
  );
  const step = (id: string) =>
    template.spec.steps.find((s: { id: string }) => s.id === id);

  it('deploys the shared platform from infra/ before the services', () => {
    const ids = template.spec.steps.map((s: { id: string }) => s.id);
    expect(ids.indexOf('platform-deploy')).toBeLessThan(
      ids.indexOf('validate'),
    );
    expect(step('infra').action).toBe('commerce:platform:fetch-infra');
    expect(step('platform-deploy').input.resourceGroup).toBe(
      'rg-commerce-platform',
    );
  });

  it('instantiates every blueprint kind once, with the owners the platform assigns', () => {
    const services = step('validate').each;
    expect(
      Object.fromEntries(
        services.map((s: { kind: string; owner: string }) => [s.kind, s.owner]),
      ),
    ).toEqual({
      product: 'catalog-team',
      order: 'checkout-team',
      cart: 'checkout-team',
      payment: 'payments-team',
    });
    expect(services.map((s: { kind: string }) => s.kind).sort()).toEqual(
      serviceTemplates.map(t => t.kind).sort(),
    );
  });

  it('releases each service with a strategy the blueprint offers (canary to start with), checked and generated', () => {
    for (const service of step('validate').each) {
      expect(service.rolloutStrategy).toBe('canary');
    }
    expect(step('validate').input.rolloutStrategy).toBe(
      '${{ each.value.rolloutStrategy }}',
    );
    expect(step('generate').input.options.rolloutStrategy).toBe(
      '${{ each.value.rolloutStrategy }}',
    );
  });

  it('runs every per-service step over the same services, each service in its own folder', () => {
    const services = step('validate').each;
    const perService = template.spec.steps.filter(
      (s: { each?: unknown }) => s.each !== undefined,
    );
    // Each service goes through a single-service run's steps; the targets are read once.
    expect(perService.map((s: { action: string }) => s.action)).toEqual(
      serviceRunActions.filter(a => a !== 'commerce:platform:targets'),
    );
    // Publishing and registering go through the names (a skipped item is logged as its value,
    // which then names the service); every other step through the services themselves; both in
    // the same order, so each.key means the same service everywhere.
    const names = services.map((service: { name: string }) => service.name);
    for (const s of perService) {
      expect([services, names]).toContainEqual(s.each);
    }
    for (const id of [
      'publish-local',
      'repository-state',
      'publish-github',
      'update-github',
      'register-local',
      'register-github',
      'environment-dev',
      'environment-dev-variables',
      'environment-production',
      'environment-production-variables',
      'environment-what-if',
      'environment-what-if-variables',
    ]) {
      expect(step(id).each).toEqual(names);
    }
    expect(step('generate').input.options.destination).toBe(
      '${{ each.value.name }}',
    );
    for (const id of ['publish-local', 'publish-github', 'update-github']) {
      expect(step(id).input.sourcePath).toBe('${{ each.value }}');
    }
    // commerce:catalog:register compares the published file with the one in that folder.
    expect(step('register-github').input.sourcePath).toBe(
      step('publish-github').input.sourcePath,
    );
  });
});
