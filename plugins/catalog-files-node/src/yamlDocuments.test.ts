import { parseYamlDocuments } from './yamlDocuments';

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
