/**
 * Text checks of Bicep. No Bicep compiler can be installed where these tests run (it downloads its
 * binary), so they read the source; the pipelines run `bicep build`/lint and what-if for real.
 */

/** A top-level `resource` or `module` declaration. */
export interface BicepDeclaration {
  file: string;
  line: number;
  kind: 'resource' | 'module';
  name: string;
  /** `Microsoft.X/y@version`, `br/public:avm/...:1.2.3` or a local `modules/x.bicep`. */
  type: string;
  existing: boolean;
  /** The text between the opening `{` and the closing `}` at column 0. */
  body: string;
}

const declarationPattern =
  /^(resource|module) (\w+) '([^']+)'(.*?) = (?:\[[^\n]*|if [^\n]*)?\{\n([\s\S]*?)^\}/gm;

export function bicepDeclarations(
  file: string,
  text: string,
): BicepDeclaration[] {
  return [...text.matchAll(declarationPattern)].map(m => ({
    file,
    line: text.slice(0, m.index).split('\n').length,
    kind: m[1] as 'resource' | 'module',
    name: m[2]!,
    type: m[3]!,
    existing: m[4]!.includes('existing'),
    body: m[5]!,
  }));
}

/**
 * Resource types Azure does not let carry tags: role assignments, and child or extension
 * resources that take their parent's.
 */
export const untaggableTypes: RegExp[] = [
  /^Microsoft\.Authorization\//,
  /\/federatedIdentityCredentials@/,
  /^Microsoft\.Insights\/dataCollectionRuleAssociations@/,
  /\/privateEndpointConnections@/,
  /\/(sqlDatabases|containers|secrets|administrators|configurations)@/,
  /^br\/public:avm\/ptn\/authorization\//,
  // An Entra app role assignment (Graph) has no tags; the registration it refers to has.
  /^Microsoft\.Graph\/appRoleAssignedTo@/,
];

/** Declarations that create something taggable yet do not pass it `tags`. */
export function untaggedDeclarations(
  declarations: BicepDeclaration[],
): BicepDeclaration[] {
  return declarations.filter(
    d =>
      !d.existing &&
      !untaggableTypes.some(pattern => pattern.test(d.type)) &&
      !/^\s+tags: /m.test(d.body),
  );
}

/** The keys a `var tags = { ... }` declares, or undefined when the file declares no such var. */
export function declaredTagKeys(text: string): string[] | undefined {
  const block = /^var tags = \{\n([\s\S]*?)^\}/m.exec(text);
  if (!block) {
    return undefined;
  }
  return [...block[1]!.matchAll(/^\s+'?([\w-]+)'?:/gm)].map(m => m[1]!);
}

export const requiredTagKeys = [
  'owner',
  'service',
  'cost-center',
  'environment',
];

/** Property names that must never be given a literal. */
const secretNames =
  /^\s*'?\w*(password|secret|apikey|accesskey|accountkey|sharedkey|privatekey|token|connectionstring)'?\s*[:=]\s*'(?!\$\{)[^']+'/gim;
/** Text that is a credential whatever it is called. */
const secretShapes = [
  /AccountKey=/i,
  /SharedAccessSignature=/i,
  /SharedAccessKey=/i,
  /InstrumentationKey=[0-9a-f-]{8,}/i,
  /Password=[^;'\s]+/i,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\b(sk|rk)_(live|test)_[0-9A-Za-z]{8,}/,
  /\bgh[pousr]_[0-9A-Za-z]{20,}/,
];

/** Lines that put a secret literal in the file, as `file:line: text`. */
export function secretLiterals(file: string, text: string): string[] {
  const found: string[] = [];
  const report = (index: number) => {
    const line = text.slice(0, index).split('\n').length;
    found.push(`${file}:${line}: ${text.split('\n')[line - 1]!.trim()}`);
  };
  for (const match of text.matchAll(secretNames)) {
    report(match.index);
  }
  for (const shape of secretShapes) {
    const global = new RegExp(shape.source, `${shape.flags}g`);
    for (const match of text.matchAll(global)) {
      report(match.index);
    }
  }
  // A default on a @secure() parameter is a secret in the file.
  for (const match of text.matchAll(
    /@secure\(\)\s*\n\s*param \w+ \w+ = '[^']*'/g,
  )) {
    report(match.index);
  }
  return found;
}

/** Names of the file's outputs. */
export function outputNames(text: string): string[] {
  return [...text.matchAll(/^output (\w+)/gm)].map(m => m[1]!);
}

/** Outputs whose name says they carry a secret (a key vault's name or URI is not one). */
export function secretOutputs(text: string): string[] {
  return outputNames(text).filter(name =>
    /password|secret|token|connectionstring|key(?!vault)/i.test(
      name.replaceAll('_', ''),
    ),
  );
}

/** Outputs a main template must not have: not UPPER_SNAKE (CI reads them), or secret. */
export function badOutputs(text: string): string[] {
  const secret = secretOutputs(text);
  return outputNames(text).filter(
    name =>
      !/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(name) || secret.includes(name),
  );
}

/** Registry modules not pinned to an exact version. */
export function unpinnedModules(declarations: BicepDeclaration[]): string[] {
  return declarations
    .filter(d => d.type.startsWith('br'))
    .filter(
      d =>
        !/^br\/public:avm\/(res|ptn|utl)\/[\w/-]+:\d+\.\d+\.\d+$/.test(d.type),
    )
    .map(d => `${d.file}:${d.line}: ${d.type}`);
}
