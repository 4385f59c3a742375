import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { parseOpenSloText, readEntitySlos } from './readEntitySlos';

const objective = (name: string, indicator: string) => `apiVersion: openslo/v1
kind: SLO
metadata: {name: ${name}}
spec:
  service: order-service
  timeWindow: [{duration: 28d}]
${indicator}
  objectives: [{target: 0.999}]
`;

describe('parseOpenSloText', () => {
  it('lists an objective without an indicator but says it cannot be measured', () => {
    const { slos, problems } = parseOpenSloText(objective('bare', ''));
    expect(slos.map(s => [s.name, s.indicator])).toEqual([['bare', undefined]]);
    expect(problems).toEqual([
      'bare: no ratioMetric indicator, so it cannot be measured; add spec.indicator.spec.ratioMetric with good and total Prometheus queries',
    ]);
  });

  it('warns about a query whose range ignores the window', () => {
    const { slos, problems } = parseOpenSloText(
      objective(
        'fixed',
        `  indicator:
    spec:
      ratioMetric:
        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[5m]))'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(all[{{.window}}]))'}}}`,
      ),
    );
    expect(slos).toHaveLength(1);
    expect(problems).toEqual([
      'fixed: the good query has no {{.window}} placeholder, so the 1 h, 6 h and whole-window measurements all cover the same range; write its range as [{{.window}}]',
    ]);
  });

  it('reports a YAML error once per document, with its line, and reads the rest', () => {
    const { slos, problems } = parseOpenSloText(
      `${objective('first', '')}---\nkey: [unclosed\n---\n${objective(
        'third',
        '',
      )}`,
    );
    expect(slos.map(s => s.name)).toEqual(['first', 'third']);
    expect(problems[0]).toMatch(
      /^document 2: YAML syntax error: .+ at line 11, column \d+$/,
    );
    expect(problems).toHaveLength(3);
  });

  it('says a document nested thousands of levels deep is nested too deeply, not that the stack ran out', () => {
    const { slos, problems } = parseOpenSloText(
      `${objective('first', '')}---\nkey: ${'['.repeat(10_000)}${']'.repeat(
        10_000,
      )}\n`,
    );
    expect(slos.map(s => s.name)).toEqual(['first']);
    expect(problems[0]).toMatch(
      /^document 2: YAML syntax error: nested too deeply to read \(.*\) at line 10, column \d+$/,
    );
  });
});

describe('readEntitySlos', () => {
  const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));
  const entity = {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'order-service',
      annotations: {
        'backstage.io/managed-by-location':
          'url:https://git.example.com/order-service/catalog-info.yaml',
        'commerce.platform/slo-file': 'openslo.yaml',
      },
    },
  };

  it('says an empty file holds no objective', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async () => ({ buffer: async () => Buffer.from('# nothing\n') }),
    });
    await expect(
      readEntitySlos({ entity, integrations, urlReader }),
    ).resolves.toEqual({
      sloFileUrl: 'https://git.example.com/order-service/openslo.yaml',
      slos: [],
      problems: [
        'https://git.example.com/order-service/openslo.yaml holds no OpenSLO SLO document (apiVersion: openslo/v1, kind: SLO); add one per objective',
      ],
    });
  });

  it('turns a reader failure into a problem naming the file', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async () => {
        throw new Error('API rate limit exceeded');
      },
    });
    await expect(
      readEntitySlos({ entity, integrations, urlReader }),
    ).resolves.toMatchObject({
      slos: [],
      problems: [
        'Could not read the OpenSLO file https://git.example.com/order-service/openslo.yaml of component:default/order-service: API rate limit exceeded',
      ],
    });
  });

  it('explains a relative path with nothing to resolve it against', async () => {
    const urlReader = mockServices.urlReader.mock();
    const { problems } = await readEntitySlos({
      entity: {
        ...entity,
        metadata: {
          name: 'order-service',
          annotations: { 'commerce.platform/slo-file': 'openslo.yaml' },
        },
      },
      integrations,
      urlReader,
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^component:default\/order-service: commerce\.platform\/slo-file is the relative path "openslo\.yaml", but the entity has no/,
      ),
    ]);
    expect(urlReader.readUrl).not.toHaveBeenCalled();
  });
});
