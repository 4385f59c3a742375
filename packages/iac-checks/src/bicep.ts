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
  /** The expression of `= if (…) {`, when the declaration is conditional. */
  condition?: string;
  /** `[for item in source: {` or `[for (item, index) in source: {`, when it is a loop. */
  loop?: { item: string; index?: string; source: string };
}

// Three shapes: `= {`, `= if (…) {` or `= [for … : {` closed by `}` or `}]` at column 0, and the
// loop as formatters write it, `= [` / `  for … : {` / … / `  }` / `]`.
const declarationPattern =
  /^(resource|module) (\w+) '([^']+)'(.*?) = (?:(\[[^\n]*|if [^\n]*)?\{\n([\s\S]*?)^\}|\[\n {2}(for [^\n]*)\{\n([\s\S]*?)^ {2}\}\n\])/gm;

export function bicepDeclarations(
  file: string,
  text: string,
): BicepDeclaration[] {
  return [...text.matchAll(declarationPattern)].map(m => {
    const header = m[7] ? `[${m[7].trim()}` : m[5]?.trim() ?? '';
    const condition = /^if \((.*)\)$/.exec(header)?.[1]?.trim();
    const loop =
      /^\[for (?:\((\w+), (\w+)\)|(\w+)) in (.+):$/.exec(header) ?? undefined;
    return {
      file,
      line: text.slice(0, m.index).split('\n').length,
      kind: m[1] as 'resource' | 'module',
      name: m[2]!,
      type: m[3]!,
      existing: m[4]!.includes('existing'),
      body: m[7] ? m[8]!.replace(/^ {2}/gm, '') : m[6]!,
      ...(condition ? { condition } : {}),
      ...(loop
        ? {
            loop: {
              item: (loop[1] ?? loop[3])!,
              ...(loop[2] ? { index: loop[2] } : {}),
              source: loop[4]!.trim(),
            },
          }
        : {}),
    };
  });
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
  /\/privateDnsZoneGroups@/,
  /\/(sqlDatabases|containers|secrets|administrators|configurations)@/,
  /^br\/public:avm\/ptn\/authorization\//,
  // An Entra app role assignment (Graph) has no tags; the registration it refers to has.
  /^Microsoft\.Graph\/appRoleAssignedTo@/,
  // GitHub's resource provider writes the GitHubId tag a runner network configuration is added
  // by; tags from a template would replace it.
  /^GitHub\.Network\/networkSettings@/,
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

// --- Values ---------------------------------------------------------------------------------------

/**
 * A Bicep value as written: an object, an array, or an expression. An expression keeps its text
 * and the objects and arrays written inside it, so both branches of `cond ? [ … ] : []` and the
 * body of `[for x in xs: { … }]` can still be read.
 */
export type BicepValue =
  | { kind: 'object'; properties: Record<string, BicepValue> }
  | { kind: 'array'; items: BicepValue[] }
  | { kind: 'expression'; text: string; parts: BicepValue[] };

/** Reads Bicep values: strings (with interpolation), comments, multi-line ternaries, loops. */
class BicepValueReader {
  position = 0;
  readonly text: string;

  constructor(text: string) {
    this.text = text;
  }

  private rest(): string {
    return this.text.slice(this.position);
  }

  private atEnd(): boolean {
    return this.position >= this.text.length;
  }

  /** Skips spaces and comments; newlines and commas too when `separators`. */
  skip(separators: boolean) {
    const pattern = separators
      ? /^(?:[\s,]+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/
      : /^(?:[ \t\r]+|\/\*[\s\S]*?\*\/)/;
    for (;;) {
      const match = pattern.exec(this.rest());
      if (!match) return;
      this.position += match[0].length;
    }
  }

  /** Moves past a string literal starting at the cursor, interpolations included. */
  private skipString() {
    if (this.rest().startsWith("'''")) {
      const end = this.text.indexOf("'''", this.position + 3);
      this.position = end === -1 ? this.text.length : end + 3;
      return;
    }
    this.position += 1;
    while (!this.atEnd()) {
      const c = this.text[this.position]!;
      if (c === '\\') {
        this.position += 2;
      } else if (c === "'") {
        this.position += 1;
        return;
      } else if (this.rest().startsWith('${')) {
        this.position += 2;
        let depth = 1;
        while (!this.atEnd() && depth > 0) {
          const d = this.text[this.position]!;
          if (d === "'") {
            this.skipString();
            continue;
          }
          if (d === '{') depth += 1;
          if (d === '}') depth -= 1;
          this.position += 1;
        }
      } else {
        this.position += 1;
      }
    }
  }

  /** Object properties up to the closing `}` (consumed), or to the end of the text. */
  object(): Record<string, BicepValue> {
    const properties: Record<string, BicepValue> = {};
    for (;;) {
      this.skip(true);
      if (this.atEnd()) return properties;
      if (this.text[this.position] === '}') {
        this.position += 1;
        return properties;
      }
      const key = /^(?:'((?:[^'\\]|\\.)*)'|([A-Za-z_]\w*))[ \t]*:/.exec(
        this.rest(),
      );
      if (!key) {
        // Not a property (a nested child resource, a decorator): skip the line.
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end + 1;
        continue;
      }
      this.position += key[0].length;
      properties[(key[1] ?? key[2])!] = this.value();
    }
  }

  /** Array items up to the closing `]` (consumed). */
  private array(): BicepValue[] {
    const items: BicepValue[] = [];
    for (;;) {
      this.skip(true);
      if (this.atEnd()) return items;
      if (this.text[this.position] === ']') {
        this.position += 1;
        return items;
      }
      items.push(this.value());
    }
  }

  value(): BicepValue {
    this.skip(false);
    const c = this.text[this.position];
    if (c === '{') {
      this.position += 1;
      return { kind: 'object', properties: this.object() };
    }
    if (c === '[' && !/^\[\s*for\b/.test(this.rest())) {
      this.position += 1;
      return { kind: 'array', items: this.array() };
    }
    return this.expression();
  }

  /** An expression, ending at a newline, `,`, `}` or `]` outside brackets and ternaries. */
  private expression(): BicepValue {
    const start = this.position;
    const parts: BicepValue[] = [];
    let depth = 0;
    while (!this.atEnd()) {
      const c = this.text[this.position]!;
      const before = this.text.slice(start, this.position).trimEnd();
      if (c === "'") {
        this.skipString();
      } else if (this.rest().startsWith('//')) {
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end;
      } else if (c === '(') {
        depth += 1;
        this.position += 1;
      } else if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
        this.position += 1;
      } else if (c === '[' && /[\w\])!]$/.test(before)) {
        // An index (`zones[0]`, `x['a']`, `a[?0]`): part of the expression's text.
        depth += 1;
        this.position += 1;
      } else if (c === ']' && depth > 0) {
        depth -= 1;
        this.position += 1;
      } else if (c === '[') {
        const loop = /^\[\s*for\b[^:]*:/.exec(this.rest());
        if (loop) {
          this.position += loop[0].length;
          parts.push(this.value());
          this.skip(true);
          if (this.text[this.position] === ']') this.position += 1;
        } else {
          parts.push(this.value());
        }
      } else if (c === '{') {
        parts.push(this.value());
      } else if (c === '}' || c === ']' || (c === ',' && depth === 0)) {
        break;
      } else if (c === '\n' && depth === 0) {
        // A ternary or an operator carries on over the line break.
        const next = /^\n\s*(\?\?|\?|:|&&|\|\||\.)/.test(this.rest());
        if (!next && !/(\?|:|&&|\|\||\?\?|\()$/.test(before)) break;
        this.position += 1;
      } else {
        this.position += 1;
      }
    }
    const text = this.text
      .slice(start, this.position)
      .replace(/\/\/[^\n]*/g, '')
      .replace(/\s+/g, ' ')
      .trim();
    return { kind: 'expression', text, parts };
  }
}

/** The properties of a declaration's body (`name`, `params`, `properties`, …). */
export function bicepBodyProperties(
  declaration: BicepDeclaration,
): Record<string, BicepValue> {
  return new BicepValueReader(declaration.body).object();
}

/** The value at a path of property names, or undefined. */
export function valueAt(
  value: BicepValue | undefined,
  ...path: string[]
): BicepValue | undefined {
  let current = value;
  for (const key of path) {
    if (current?.kind !== 'object') return undefined;
    current = current.properties[key];
  }
  return current;
}

const objectValue = (properties: Record<string, BicepValue>): BicepValue => ({
  kind: 'object',
  properties,
});

/** The text of an expression value; '' for an object or array. */
const textOf = (value: BicepValue | undefined): string =>
  value?.kind === 'expression' ? value.text : '';

/** The objects a value holds: its items when an array, the objects written inside an expression. */
function objectsIn(value: BicepValue | undefined): BicepValue[] {
  if (!value) return [];
  if (value.kind === 'object') return [value];
  if (value.kind === 'array') return value.items.flatMap(objectsIn);
  return value.parts.flatMap(objectsIn);
}

/** `param`, `var` and `output` statements of a .bicep file, or `param` of a .bicepparam file. */
interface Statement {
  kind: 'param' | 'var' | 'output';
  name: string;
  /** The default (param), the value (var, output, .bicepparam param). */
  value?: BicepValue;
}

function statements(text: string): Statement[] {
  const found: Statement[] = [];
  const pattern =
    /^(param|var|output) (\w+)(?: [\w.'\[\]]+(?:\[\])?)?(?: = |$)/gm;
  for (const match of text.matchAll(pattern)) {
    const kind = match[1] as Statement['kind'];
    const hasValue = match[0].endsWith('= ');
    let value: BicepValue | undefined;
    if (hasValue) {
      const reader = new BicepValueReader(text);
      reader.position = match.index + match[0].length;
      value = reader.value();
    }
    found.push({ kind, name: match[2]!, ...(value ? { value } : {}) });
  }
  return found;
}

// --- Private data stores --------------------------------------------------------------------------

/** A Bicep or .bicepparam file, its path relative to one root (module paths resolve against it). */
export interface BicepSource {
  file: string;
  text: string;
}

/**
 * What a store needs to be reached privately: the private endpoint's group (sub-resource), the
 * `privatelink` zone its public host name is a CNAME into, and the TCP port clients use.
 */
export interface PrivateLinkRequirement {
  /** Matches the declaration type (a resource type or an Azure Verified Module). */
  type: RegExp;
  what: string;
  groupId: string;
  zone: string;
  port: number;
}

/** The stores the platform and the generated services deploy; anything else fails closed. */
export const privateLinkRequirements: PrivateLinkRequirement[] = [
  {
    type: /^(Microsoft\.DocumentDB\/databaseAccounts@|br\/public:avm\/res\/document-db\/database-account:)/,
    what: 'Cosmos DB for NoSQL',
    groupId: 'Sql',
    zone: 'privatelink.documents.azure.com',
    port: 443,
  },
  {
    type: /^(Microsoft\.Cache\/redis@|br\/public:avm\/res\/cache\/redis:)/,
    what: 'Azure Cache for Redis (TLS)',
    groupId: 'redisCache',
    zone: 'privatelink.redis.cache.windows.net',
    port: 6380,
  },
  {
    type: /^(Microsoft\.DBforPostgreSQL\/flexibleServers@|br\/public:avm\/res\/db-for-postgre-sql\/flexible-server:)/,
    what: 'PostgreSQL flexible server',
    groupId: 'postgresqlServer',
    zone: 'privatelink.postgres.database.azure.com',
    port: 5432,
  },
  {
    type: /^(Microsoft\.KeyVault\/vaults@|br\/public:avm\/res\/key-vault\/vault:)/,
    what: 'Key Vault',
    groupId: 'vault',
    zone: 'privatelink.vaultcore.azure.net',
    port: 443,
  },
  {
    type: /^(Microsoft\.ContainerRegistry\/registries@|br\/public:avm\/res\/container-registry\/registry:)/,
    what: 'Container Registry',
    groupId: 'registry',
    zone: 'privatelink.azurecr.io',
    port: 443,
  },
  {
    type: /^(Microsoft\.Storage\/storageAccounts@|br\/public:avm\/res\/storage\/storage-account:)/,
    what: 'Storage (blob)',
    groupId: 'blob',
    zone: 'privatelink.blob.core.windows.net',
    port: 443,
  },
];

/** Where an expression's value comes from, followed through params, vars, outputs and modules. */
interface Origin {
  file: string;
  text: string;
  /** The declaration the expression names (`x.id`, `x.outputs.y`, `x[2].outputs.y`). */
  declaration?: BicepDeclaration;
  index?: number;
}

/** A set of Bicep templates and parameter files read together: the platform's and a service's. */
class BicepProgram {
  readonly declarations: BicepDeclaration[];
  private readonly statementsByFile = new Map<string, Statement[]>();

  private readonly sources: BicepSource[];

  constructor(sources: BicepSource[]) {
    this.sources = sources;
    const templates = sources.filter(s => s.file.endsWith('.bicep'));
    this.declarations = templates.flatMap(s =>
      bicepDeclarations(s.file, s.text),
    );
    for (const source of sources) {
      this.statementsByFile.set(source.file, statements(source.text));
    }
  }

  statement(file: string, kind: Statement['kind'], name: string) {
    return this.statementsByFile
      .get(file)
      ?.find(s => s.kind === kind && s.name === name);
  }

  /** The file a local module path names, relative to the declaring file. */
  moduleFile(declaration: BicepDeclaration): string | undefined {
    if (declaration.kind !== 'module' || !declaration.type.endsWith('.bicep')) {
      return undefined;
    }
    const parts = declaration.file.split('/').slice(0, -1);
    for (const part of declaration.type.split('/')) {
      if (part === '..') parts.pop();
      else if (part !== '.') parts.push(part);
    }
    return parts.join('/');
  }

  /** Module declarations that deploy `file`. */
  callers(file: string): BicepDeclaration[] {
    return this.declarations.filter(d => this.moduleFile(d) === file);
  }

  /** `.bicepparam` files whose `using` names `file`. */
  parameterFiles(file: string): BicepSource[] {
    return this.sources.filter(s => {
      const using = /^using '([^']+)'/m.exec(s.text)?.[1];
      if (!s.file.endsWith('.bicepparam') || !using) return false;
      const dir = s.file.split('/').slice(0, -1);
      return [...dir, using].join('/') === file;
    });
  }

  declaration(file: string, name: string) {
    return this.declarations.find(d => d.file === file && d.name === name);
  }

  /** Everything `text` (an expression in `file`) can come from. */
  resolve(file: string, text: string, seen = new Set<string>()): Origin[] {
    const key = `${file}\0${text}`;
    if (seen.has(key)) return [];
    seen.add(key);
    const expression = text.trim();
    const env = /^readEnvironmentVariable\('([^']+)'/.exec(expression);
    if (env) {
      // The platform's outputs are what the deploy environment carries under the same names.
      const roots = this.sources.filter(
        s =>
          s.file.endsWith('.bicep') &&
          this.callers(s.file).length === 0 &&
          this.statement(s.file, 'output', env[1]!),
      );
      return roots.length
        ? roots.flatMap(root =>
            this.resolve(
              root.file,
              textOf(this.statement(root.file, 'output', env[1]!)!.value),
              seen,
            ),
          )
        : [{ file, text: expression }];
    }
    if (/^\w+$/.test(expression)) {
      const variable = this.statement(file, 'var', expression);
      if (variable?.value) {
        return variable.value.kind === 'expression'
          ? this.resolve(file, variable.value.text, seen)
          : [{ file, text: expression }];
      }
      if (this.statement(file, 'param', expression)) {
        const fromCallers = this.callers(file).flatMap(caller => {
          const argument = valueAt(
            objectValue(bicepBodyProperties(caller)),
            'params',
            expression,
          );
          return argument
            ? this.resolve(caller.file, textOf(argument), seen)
            : [];
        });
        const fromParameterFiles = this.parameterFiles(file).flatMap(params => {
          const value = this.statement(params.file, 'param', expression)?.value;
          return value ? this.resolve(params.file, textOf(value), seen) : [];
        });
        const found = [...fromCallers, ...fromParameterFiles];
        if (found.length) return found;
        const fallback = this.statement(file, 'param', expression)?.value;
        return fallback
          ? this.resolve(file, textOf(fallback), seen)
          : [{ file, text: expression }];
      }
    }
    const member =
      /^(\w+)(?:\[(\d+)\])?\.(outputs\??\.\??(\w+)|id|name)\b/.exec(expression);
    const declaration = member && this.declaration(file, member[1]!);
    if (member && declaration) {
      const index = member[2] === undefined ? undefined : Number(member[2]);
      const target = this.moduleFile(declaration);
      if (member[4] && target) {
        const output = this.statement(target, 'output', member[4]);
        if (output?.value)
          return this.resolve(target, textOf(output.value), seen);
      }
      return [
        {
          file,
          text: expression,
          declaration,
          ...(index === undefined ? {} : { index }),
        },
      ];
    }
    return [{ file, text: expression }];
  }

  /** The nth item of a `var` array, for loop declarations over a literal list. */
  loopItem(
    declaration: BicepDeclaration,
    index: number,
  ): BicepValue | undefined {
    const source = declaration.loop?.source;
    if (!source) return undefined;
    const list = this.statement(declaration.file, 'var', source)?.value;
    return list?.kind === 'array' ? list.items[index] : undefined;
  }

  /** A declaration's body, with a loop's item variable bound for instance `index`. */
  instance(declaration: BicepDeclaration, index?: number) {
    const body = objectValue(bicepBodyProperties(declaration));
    const item =
      index === undefined ? undefined : this.loopItem(declaration, index);
    /** An expression of the body, with the loop item substituted when it names it. */
    const read = (value: BicepValue | undefined): BicepValue | undefined => {
      if (item && declaration.loop && textOf(value) === declaration.loop.item) {
        return item;
      }
      const path =
        declaration.loop && new RegExp(`^${declaration.loop.item}\\.(\\w+)$`);
      const field = path?.exec(textOf(value))?.[1];
      if (item && field) return valueAt(item, field);
      return value;
    };
    return { body, read };
  }
}

/** A string literal's content, with the storage suffix read as the public cloud's. */
function literal(value: BicepValue | undefined): string | undefined {
  const text = textOf(value);
  if (
    !/^'[^']*(\$\{az\.environment\(\)\.suffixes\.storage\}[^']*)?'$/.test(text)
  ) {
    return undefined;
  }
  return text
    .slice(1, -1)
    .replace('${az.environment().suffixes.storage}', 'core.windows.net');
}

/** When a `publicNetworkAccess` value is 'Disabled': 'true', a condition, or undefined if never. */
function disabledWhen(text: string): string | undefined {
  if (!text.includes("'Disabled'")) return undefined;
  if (text === "'Disabled'") return 'true';
  const ternary = /^(.+?) \? (.+?) : (.+)$/.exec(text);
  if (!ternary) return text;
  const condition = ternary[1]!.replace(/^\((.*)\)$/, '$1').trim();
  if (ternary[2]!.includes("'Disabled'")) return condition;
  return /^!\w+$/.test(condition)
    ? condition.slice(1)
    : /^\w+$/.test(condition)
    ? `!${condition}`
    : `!(${condition})`;
}

/** An array-valued parameter's condition: 'true', or `cond` of `cond ? [ … ] : []`. */
function presentWhen(value: BicepValue | undefined): string | undefined {
  if (!value) return undefined;
  if (value.kind === 'array') return value.items.length ? 'true' : undefined;
  if (value.kind === 'object') return 'true';
  const ternary = /^(.+?) \? \[/.exec(value.text);
  if (ternary && /: \[\]$/.test(value.text)) return ternary[1]!.trim();
  return value.parts.length ? 'true' : undefined;
}

/** One private endpoint found for a store (its own `privateEndpoints`, or a resource). */
interface Endpoint {
  where: string;
  when: string;
  file: string;
  subnet: string;
  groupIds: string[];
  zoneIds: string[];
}

/** A subnet as a virtual network declares it, with the TCP ports its NSG lets in. */
interface Subnet {
  name: string;
  delegated: boolean;
  /** undefined: no NSG, so Azure's defaults admit the VNet. */
  allowedPorts?: Array<[number, number]>;
}

function portRanges(rule: BicepValue | undefined): Array<[number, number]> {
  const properties = valueAt(rule, 'properties') ?? rule;
  const texts = [
    literal(valueAt(properties, 'destinationPortRange')),
    ...objectsOrLiterals(valueAt(properties, 'destinationPortRanges')),
  ].filter((t): t is string => t !== undefined);
  return texts.map(t => {
    if (t === '*') return [0, 65535];
    const [from, to] = t.split('-').map(Number);
    return [from!, to ?? from!];
  });
}

function objectsOrLiterals(
  value: BicepValue | undefined,
): Array<string | undefined> {
  return value?.kind === 'array' ? value.items.map(literal) : [];
}

const subnetTypes =
  /^(Microsoft\.Network\/virtualNetworks@|br\/public:avm\/res\/network\/virtual-network:)/;
const zoneTypes =
  /^(Microsoft\.Network\/privateDnsZones@|br\/public:avm\/res\/network\/private-dns-zone:)/;
const endpointTypes =
  /^(Microsoft\.Network\/privateEndpoints@|br\/public:avm\/res\/network\/private-endpoint:)/;

/**
 * Stores that are private yet unreachable: every resource or module with `publicNetworkAccess`
 * 'Disabled' (always, or under a condition such as prod) needs, under at least that condition, a
 * private endpoint — its own `privateEndpoints` (Azure Verified Modules) or a
 * `Microsoft.Network/privateEndpoints` resource whose `privateLinkServiceId` is the store — that
 * sits in a non-delegated subnet the templates declare, whose NSG admits the store's port, with
 * a DNS zone group naming the store's `privatelink` zone, created and linked to a VNet by the
 * templates. A PostgreSQL flexible server may instead be VNet-integrated (a delegated subnet and
 * a linked private zone). Values are followed through params (callers and `.bicepparam`
 * files), vars, module outputs and `readEnvironmentVariable` (a top-level template's output of
 * that name), so a service's templates are read together with the platform's.
 *
 * @returns one line per problem, `file:line name: what is wrong`
 */
export function unreachablePrivateStores(sources: BicepSource[]): string[] {
  const program = new BicepProgram(sources);
  const problems: string[] = [];

  const zoneOf = (origin: Origin) => {
    const declaration = origin.declaration;
    if (!declaration || !zoneTypes.test(declaration.type)) return undefined;
    const { body, read } = program.instance(declaration, origin.index);
    const name = literal(
      read(valueAt(body, 'params', 'name') ?? valueAt(body, 'name')),
    );
    const avmLinks = objectsIn(
      read(valueAt(body, 'params', 'virtualNetworkLinks')),
    );
    const resourceLinks = program.declarations.filter(
      d =>
        /^Microsoft\.Network\/privateDnsZones\/virtualNetworkLinks@/.test(
          d.type,
        ) &&
        textOf(valueAt(objectValue(bicepBodyProperties(d)), 'parent')) ===
          declaration.name,
    );
    const linked =
      avmLinks.some(
        l => textOf(valueAt(l, 'virtualNetworkResourceId')) !== '',
      ) || resourceLinks.length > 0;
    return { name, linked };
  };

  const subnetOf = (origin: Origin): Subnet | undefined => {
    const named = /\/subnets\/(?:\$\{(\w+)\}|([\w-]+))'$/.exec(origin.text);
    if (!named) return undefined;
    for (const network of program.declarations.filter(
      d => d.file === origin.file && subnetTypes.test(d.type),
    )) {
      const body = objectValue(bicepBodyProperties(network));
      const subnets = objectsIn(
        valueAt(body, 'params', 'subnets') ??
          valueAt(body, 'properties', 'subnets'),
      );
      for (const subnet of subnets) {
        const name = textOf(valueAt(subnet, 'name'));
        const wanted = named[1] ?? `'${named[2]}'`;
        if (name !== wanted) continue;
        const nsg =
          valueAt(subnet, 'networkSecurityGroupResourceId') ??
          valueAt(subnet, 'properties', 'networkSecurityGroup', 'id');
        let allowedPorts: Array<[number, number]> | undefined;
        if (nsg) {
          allowedPorts = [];
          for (const group of program.resolve(network.file, textOf(nsg))) {
            if (!group.declaration) continue;
            const { body: nsgBody, read } = program.instance(
              group.declaration,
              group.index,
            );
            const rules = objectsIn(
              read(valueAt(nsgBody, 'params', 'securityRules')) ??
                read(valueAt(nsgBody, 'properties', 'securityRules')),
            );
            for (const rule of rules) {
              const properties = valueAt(rule, 'properties') ?? rule;
              if (
                literal(valueAt(properties, 'access')) === 'Allow' &&
                literal(valueAt(properties, 'direction')) === 'Inbound' &&
                ['Tcp', '*'].includes(
                  literal(valueAt(properties, 'protocol')) ?? '',
                )
              ) {
                allowedPorts.push(...portRanges(rule));
              }
            }
          }
        }
        return {
          name:
            literal(program.statement(network.file, 'var', name)?.value) ??
            literal(valueAt(subnet, 'name')) ??
            name,
          delegated:
            valueAt(subnet, 'delegation') !== undefined ||
            valueAt(subnet, 'delegations') !== undefined ||
            valueAt(subnet, 'properties', 'delegations') !== undefined,
          ...(allowedPorts ? { allowedPorts } : {}),
        };
      }
    }
    return undefined;
  };

  /** Problems of one endpoint against the store's requirement ([] when it makes the store reachable). */
  const endpointProblems = (
    endpoint: Endpoint,
    need: PrivateLinkRequirement,
  ) => {
    const found: string[] = [];
    if (endpoint.groupIds.length && !endpoint.groupIds.includes(need.groupId)) {
      found.push(
        `${endpoint.where} connects to group ${endpoint.groupIds.join(
          ', ',
        )}, not ${need.groupId}`,
      );
    }
    const subnetOrigins = program.resolve(endpoint.file, endpoint.subnet);
    const subnets = subnetOrigins.map(subnetOf);
    const subnet = subnets.find(s => s !== undefined);
    if (!endpoint.subnet) {
      found.push(`${endpoint.where} names no subnet`);
    } else if (!subnet) {
      found.push(
        `${endpoint.where}'s subnet (${endpoint.subnet} = ${subnetOrigins
          .map(o => o.text)
          .join(' or ')}) is not a subnet these templates declare`,
      );
    } else if (subnet.delegated) {
      found.push(
        `${endpoint.where}'s subnet ${subnet.name} is delegated; endpoints cannot use it`,
      );
    } else if (
      subnet.allowedPorts &&
      !subnet.allowedPorts.some(
        ([from, to]) => from <= need.port && need.port <= to,
      )
    ) {
      found.push(
        `the NSG of ${subnet.name} admits no TCP ${need.port} inbound, which ${need.what} is reached on`,
      );
    }
    const zones = endpoint.zoneIds.flatMap(id =>
      program.resolve(endpoint.file, id).map(zoneOf),
    );
    if (endpoint.zoneIds.length === 0) {
      found.push(
        `${endpoint.where} has no DNS zone group, so the store's host name stays public`,
      );
    } else if (!zones.some(z => z?.name === need.zone && z.linked)) {
      const names = zones.map(z =>
        z
          ? `${z.name}${z.linked ? '' : ' (not linked to a VNet)'}`
          : 'a zone these templates do not create',
      );
      found.push(
        `${endpoint.where}'s DNS zone group names ${names.join(', ')}, not ${
          need.zone
        } created and linked to the VNet`,
      );
    }
    return found;
  };

  const covers = (when: string, needed: string) =>
    when === 'true' || when.replace(/\s+/g, '') === needed.replace(/\s+/g, '');

  for (const store of program.declarations.filter(d => !d.existing)) {
    const body = objectValue(bicepBodyProperties(store));
    const access = textOf(findProperty(body, 'publicNetworkAccess'));
    // A value passed in (a param or var) counts as much as a literal written here.
    const accessValues = /^\w+$/.test(access)
      ? program.resolve(store.file, access).map(origin => origin.text)
      : [access];
    const when = accessValues
      .map(disabledWhen)
      .find(condition => condition !== undefined);
    if (!when) continue;
    const at = `${store.file}:${store.line} ${store.name}`;
    const need = privateLinkRequirements.find(r => r.type.test(store.type));
    if (!need) {
      problems.push(
        `${at}: ${store.type} has public network access disabled and no known privatelink zone; add it to privateLinkRequirements`,
      );
      continue;
    }
    const endpoints: Endpoint[] = [];
    // An Azure Verified Module's own endpoints: it connects them to the resource it creates.
    const own = valueAt(body, 'params', 'privateEndpoints');
    objectsIn(own).forEach((item, i) => {
      endpoints.push({
        where: `${store.name}.privateEndpoints[${i}]`,
        when: presentWhen(own) ?? 'false',
        file: store.file,
        subnet: textOf(valueAt(item, 'subnetResourceId')),
        groupIds: [literal(valueAt(item, 'service'))].filter(
          (g): g is string => !!g,
        ),
        zoneIds: objectsIn(
          valueAt(item, 'privateDnsZoneGroup', 'privateDnsZoneGroupConfigs'),
        ).map(config => textOf(valueAt(config, 'privateDnsZoneResourceId'))),
      });
    });
    // Endpoint resources (or modules) whose connection's privateLinkServiceId is this store.
    // A module's own `name` is its deployment's; the resource's name is a parameter.
    const storeName = textOf(
      store.kind === 'module'
        ? valueAt(body, 'params', 'name')
        : valueAt(body, 'name'),
    );
    for (const candidate of program.declarations.filter(d =>
      endpointTypes.test(d.type),
    )) {
      const candidateBody = objectValue(bicepBodyProperties(candidate));
      const settings =
        valueAt(candidateBody, 'properties') ??
        valueAt(candidateBody, 'params');
      const connections = objectsIn(
        valueAt(settings, 'privateLinkServiceConnections'),
      );
      const targets = connections.filter(connection => {
        const id = textOf(
          valueAt(connection, 'properties', 'privateLinkServiceId'),
        );
        return program.resolve(candidate.file, id).some(origin => {
          const target = origin.declaration;
          if (!target) return false;
          if (target === store) return true;
          // An `existing` resource of the same name in the same file is the store itself.
          return (
            target.existing &&
            target.file === store.file &&
            textOf(
              valueAt(objectValue(bicepBodyProperties(target)), 'name'),
            ) === storeName
          );
        });
      });
      if (targets.length === 0) continue;
      const groups = program.declarations.filter(
        d =>
          /^Microsoft\.Network\/privateEndpoints\/privateDnsZoneGroups@/.test(
            d.type,
          ) &&
          textOf(valueAt(objectValue(bicepBodyProperties(d)), 'parent')) ===
            candidate.name &&
          d.file === candidate.file &&
          covers(d.condition ?? 'true', candidate.condition ?? 'true'),
      );
      const zoneIds = [
        ...groups.flatMap(g =>
          objectsIn(
            valueAt(
              objectValue(bicepBodyProperties(g)),
              'properties',
              'privateDnsZoneConfigs',
            ),
          ).map(config =>
            textOf(valueAt(config, 'properties', 'privateDnsZoneId')),
          ),
        ),
        ...objectsIn(
          valueAt(
            settings,
            'privateDnsZoneGroup',
            'privateDnsZoneGroupConfigs',
          ),
        ).map(config => textOf(valueAt(config, 'privateDnsZoneResourceId'))),
      ];
      endpoints.push({
        where: `${candidate.file}:${candidate.line} ${candidate.name}`,
        when: candidate.condition ?? 'true',
        file: candidate.file,
        subnet: textOf(
          valueAt(settings, 'subnet', 'id') ??
            valueAt(settings, 'subnetResourceId'),
        ),
        groupIds: targets.flatMap(t =>
          objectsOrLiterals(valueAt(t, 'properties', 'groupIds')).filter(
            (g): g is string => !!g,
          ),
        ),
        zoneIds,
      });
    }
    const covering = endpoints.filter(e => covers(e.when, when));
    const reasons = covering.map(e => endpointProblems(e, need));
    if (reasons.some(r => r.length === 0)) continue;
    // VNet integration: a PostgreSQL flexible server inside a delegated subnet, with its zone.
    if (/postgre/i.test(store.type)) {
      const delegated =
        valueAt(body, 'params', 'delegatedSubnetResourceId') ??
        valueAt(body, 'properties', 'network', 'delegatedSubnetResourceId');
      const zone =
        valueAt(body, 'params', 'privateDnsZoneArmResourceId') ??
        valueAt(body, 'properties', 'network', 'privateDnsZoneArmResourceId');
      if (delegated && zone) {
        const subnet = program
          .resolve(store.file, textOf(delegated))
          .map(subnetOf)
          .find(Boolean);
        const zones = program.resolve(store.file, textOf(zone)).map(zoneOf);
        const portOpen =
          !subnet?.allowedPorts ||
          subnet.allowedPorts.some(
            ([f, t]) => f <= need.port && need.port <= t,
          );
        if (
          subnet?.delegated &&
          portOpen &&
          zones.some(
            z => z?.linked && z.name?.endsWith('.postgres.database.azure.com'),
          )
        ) {
          continue;
        }
        problems.push(
          `${at}: VNet-integrated, but its delegated subnet, its NSG (TCP ${need.port}) or its private DNS zone (created and linked by these templates) is missing`,
        );
        continue;
      }
    }
    const condition = when === 'true' ? '' : ` when ${when}`;
    if (endpoints.length === 0) {
      problems.push(
        `${at}: ${need.what} has public network access disabled${condition} but no private endpoint (groupId ${need.groupId}, zone ${need.zone}); nothing can reach it`,
      );
    } else if (covering.length === 0) {
      problems.push(
        `${at}: ${
          need.what
        } has public network access disabled${condition} but its private endpoint exists only when ${endpoints
          .map(e => e.when)
          .join(' / ')}`,
      );
    } else {
      problems.push(`${at}: ${reasons.flat().join('; ')}`);
    }
  }
  return problems;
}

/** The first property of that name at any depth. */
function findProperty(
  value: BicepValue | undefined,
  name: string,
): BicepValue | undefined {
  if (!value) return undefined;
  if (value.kind === 'object') {
    if (value.properties[name]) return value.properties[name];
    for (const child of Object.values(value.properties)) {
      const found = findProperty(child, name);
      if (found) return found;
    }
    return undefined;
  }
  const children = value.kind === 'array' ? value.items : value.parts;
  for (const child of children) {
    const found = findProperty(child, name);
    if (found) return found;
  }
  return undefined;
}

/** A role assignment as declared: which role definition goes to which principal. */
export interface BicepRoleAssignment {
  file: string;
  /** The declaration's symbolic name. */
  name: string;
  /**
   * The role definition: a built-in role's GUID when the file names it (directly or through a
   * `var x = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '<guid>')`), else
   * the expression's text.
   */
  role: string;
  /** The expression of `principalId`. */
  principalId: string;
}

const roleDefinitionGuid =
  /subscriptionResourceId\(\s*'Microsoft\.Authorization\/roleDefinitions',\s*'([0-9a-f-]{36})'\s*\)/;

/** The role assignments a file declares, with built-in roles resolved to their GUIDs. */
export function roleAssignments(
  file: string,
  text: string,
): BicepRoleAssignment[] {
  const roleVars = new Map(
    statements(text)
      .filter(s => s.kind === 'var')
      .flatMap(s => {
        const guid = roleDefinitionGuid.exec(textOf(s.value))?.[1];
        return guid ? [[s.name, guid] as const] : [];
      }),
  );
  return bicepDeclarations(file, text)
    .filter(
      d =>
        d.type.startsWith('Microsoft.Authorization/roleAssignments@') &&
        !d.existing,
    )
    .map(d => {
      const properties = objectValue(bicepBodyProperties(d));
      const role = textOf(
        valueAt(properties, 'properties', 'roleDefinitionId'),
      );
      return {
        file,
        name: d.name,
        role: roleVars.get(role) ?? roleDefinitionGuid.exec(role)?.[1] ?? role,
        principalId: textOf(valueAt(properties, 'properties', 'principalId')),
      };
    });
}

/** A managed identity's federated credential as declared. */
export interface BicepFederatedCredential {
  file: string;
  name: string;
  /** The symbolic name of the identity it belongs to (`parent:`). */
  identity: string;
  issuer: string;
  subject: string;
  /** Symbolic names it waits for (`dependsOn`). */
  dependsOn: string[];
}

/** The federated identity credentials a file declares as resources of their own. */
export function federatedCredentials(
  file: string,
  text: string,
): BicepFederatedCredential[] {
  return bicepDeclarations(file, text)
    .filter(d => /\/federatedIdentityCredentials@/.test(d.type) && !d.existing)
    .map(d => {
      const properties = objectValue(bicepBodyProperties(d));
      const dependsOn = valueAt(properties, 'dependsOn');
      return {
        file,
        name: d.name,
        identity: textOf(valueAt(properties, 'parent')),
        issuer: textOf(valueAt(properties, 'properties', 'issuer')),
        subject: textOf(valueAt(properties, 'properties', 'subject')),
        dependsOn:
          dependsOn?.kind === 'array' ? dependsOn.items.map(textOf) : [],
      };
    });
}
