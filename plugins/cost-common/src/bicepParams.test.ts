import { parseBicepParams } from './bicepParams';
import { InvalidBicepParamsError } from './errors';

describe('parseBicepParams', () => {
  it('reads literal values of every shape, skipping comments', () => {
    const text = `using 'main.bicep'

// Production: three zones.
param environment = 'prod'
param count = 3 /* at least */
param negative = -1
param enabled = true
param disabled = false
param nothing = null
param zones = [
  '1'
  '2', '3'
]
param tags = {
  owner: 'platform-team'
  'cost-center': 'cc-platform'
  nested: { deep: [1, 2] }
}
param escaped = 'it\\'s'
param issuer = readEnvironmentVariable('AKS_OIDC_ISSUER_URL')
param withDefault = readEnvironmentVariable('REGION', 'westeurope')
`;
    expect(parseBicepParams(text, 'main.prod.bicepparam')).toEqual({
      environment: 'prod',
      count: 3,
      negative: -1,
      enabled: true,
      disabled: false,
      nothing: null,
      zones: ['1', '2', '3'],
      tags: {
        owner: 'platform-team',
        'cost-center': 'cc-platform',
        nested: { deep: [1, 2] },
      },
      escaped: "it's",
      issuer: { environmentVariable: 'AKS_OIDC_ISSUER_URL' },
      withDefault: { environmentVariable: 'REGION' },
    });
  });

  it('reports every value that is not a literal, with its line, and keeps going', () => {
    const text = `using 'main.bicep'
param a = 'ok'
param b = concat('a', 'b')
param c = 'x\${a}'
param d = 2
param d = 3
var e = 1
param f = 1.5
`;
    let error: InvalidBicepParamsError | undefined;
    try {
      parseBicepParams(text, 'infra/main.dev.bicepparam');
    } catch (e) {
      error = e as InvalidBicepParamsError;
    }
    expect(error).toBeInstanceOf(InvalidBicepParamsError);
    expect(error!.message).toMatch(/^infra\/main\.dev\.bicepparam:/);
    expect(error!.problems).toEqual([
      expect.stringMatching(
        /^line 3: "concat\('a', 'b'\)" is not a literal value/,
      ),
      'line 4: string interpolation is not a literal value; write the value itself',
      'line 6: parameter "d" is assigned twice',
      'line 7: expected "using" or "param", found "var"',
      expect.stringMatching(/^line 8: "1.5" is not a literal value/),
    ]);
  });

  it('reports an unclosed array instead of reading past the end', () => {
    expect(() => parseBicepParams("param zones = ['1', '2'", 'x')).toThrow(
      'line 1: an array is not closed with "]"',
    );
  });
});
