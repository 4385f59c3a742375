import { ScmIntegrations } from '@backstage/integration';
import { ConfigReader } from '@backstage/config';
import { asDirectoryUrl, parseYamlDocuments } from './yamlFiles';

describe('asDirectoryUrl', () => {
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: { azure: [{ host: 'dev.azure.com' }] },
    }),
  );
  const fileIn = (directory: string) =>
    integrations.resolveUrl({
      url: 'rollout.yaml',
      base: asDirectoryUrl(directory),
    });

  it('makes files resolve inside the directory, with or without a trailing slash', () => {
    expect(fileIn('file:///data/repositories/order-service/deploy')).toBe(
      'file:///data/repositories/order-service/deploy/rollout.yaml',
    );
    expect(fileIn('file:///data/repositories/order-service/deploy/')).toBe(
      'file:///data/repositories/order-service/deploy/rollout.yaml',
    );
    expect(
      fileIn('https://github.com/acme/order-service/tree/main/deploy'),
    ).toBe(
      'https://github.com/acme/order-service/tree/main/deploy/rollout.yaml',
    );
  });

  it('keeps Azure DevOps paths in their query parameter', () => {
    const resolved = new URL(
      fileIn(
        'https://dev.azure.com/acme/commerce/_git/order-service?path=/deploy',
      ),
    );
    expect(resolved.pathname).toBe('/acme/commerce/_git/order-service');
    expect(resolved.searchParams.get('path')).toBe('/deploy/rollout.yaml');
  });
});

describe('parseYamlDocuments', () => {
  it('reads every document and reports the broken ones by number and line', () => {
    const { documents, problems } = parseYamlDocuments(
      'kind: A\n---\nkind: [B\n---\nkind: C\n',
      'deploy/rollout.yaml',
    );
    expect(documents).toEqual([{ kind: 'A' }, { kind: 'C' }]);
    expect(problems).toEqual([
      expect.stringMatching(
        /^deploy\/rollout\.yaml: document 2 is not valid YAML: .* at line \d+, column \d+:?$/,
      ),
    ]);
  });

  it('gives nothing for an empty file', () => {
    expect(parseYamlDocuments('', 'x.yaml')).toEqual({
      documents: [],
      problems: [],
    });
  });
});
