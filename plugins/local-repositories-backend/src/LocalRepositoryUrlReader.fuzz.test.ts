import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigReader } from '@backstage/config';
import { type UrlReaderService } from '@backstage/backend-plugin-api';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import {
  failureSummary,
  fuzzSeed,
  NO_FAILURES,
  type Random,
  seededRandom,
} from '@internal/test-utils';
import { localRepositoriesReaderFactory } from './index';

// Fuzz-style: generated URLs (traversal, encoded separators, NUL bytes, malformed escapes,
// patterns, very long paths, not URLs at all) against the reader that lets the catalog and
// TechDocs read the local repositories. Whatever the URL, the reader either reads a file inside
// its folder or refuses with a typed error that says why; it never reads the secret next to the
// folder and never fails with a URL parser's TypeError. Seeded: a failure is reproduced with
// FUZZ_SEED=<n> yarn backstage-cli package test LocalRepositoryUrlReader.fuzz
const SEED = fuzzSeed();
const CASES = 300;

const SECRET = 'password: nope\n';

/** Errors a caller can act on; anything else (TypeError, URIError, ERR_*) is a bug. */
const TYPED_ERRORS = [
  'NotAllowedError',
  'NotFoundError',
  'InputError',
  'NotModifiedError',
];

const SEGMENTS = [
  'order-service',
  'catalog-info.yaml',
  'docs',
  'index.md',
  'link.yaml',
  'secret.yaml',
  '..',
  '.',
  '',
  '%2e%2e',
  '%2E%2E',
  '.%2e',
  '%2F',
  '%5C',
  '..%2F..%2F',
  '%00',
  '%zz',
  '%',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '*',
  '**',
  '?',
  '[a]',
  '{a,b}',
  '%2A',
  encodeURIComponent('😀 ünïcödé'),
  'a'.repeat(300),
  'CON',
  '.git',
  'HEAD',
];

function generatedUrl(r: Random, root: string, outside: string): string {
  const segments = Array.from({ length: 1 + r.int(5) }, () => r.pick(SEGMENTS));
  const base = r.pick([
    pathToFileURL(root).href,
    pathToFileURL(root).href,
    pathToFileURL(path.dirname(outside)).href,
    'file://',
    'file:///',
    'file://elsewhere.example.com',
    'file:',
    'FILE://',
  ]);
  const url = `${base}/${segments.join('/')}`;
  return r.int(10) === 0
    ? r.pick([
        '',
        'not a url',
        'http://example.com/x',
        'file:///etc/passwd',
        '\u0000',
        url.replace('file:', ''),
        `${url}?path=..`,
        `${url}#..`,
      ])
    : url;
}

describe(`the local repositories reader under bad URLs (FUZZ_SEED=${SEED})`, () => {
  let root: string;
  let outside: string;
  let direct: UrlReaderService;
  let throughBackend: ReturnType<typeof UrlReaders.create>;

  beforeAll(() => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'local-repos-fuzz-'));
    root = path.join(base, 'repositories');
    outside = path.join(base, 'secret.yaml');
    fs.mkdirSync(path.join(root, 'order-service/docs'), { recursive: true });
    fs.mkdirSync(path.join(root, 'order-service/.git'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'order-service/catalog-info.yaml'),
      'kind: Component\n',
    );
    fs.writeFileSync(path.join(root, 'order-service/docs/index.md'), '# Hi\n');
    fs.writeFileSync(path.join(root, 'order-service/.git/HEAD'), 'ref: x\n');
    fs.writeFileSync(outside, SECRET);
    fs.symlinkSync(outside, path.join(root, 'order-service/link.yaml'));
    fs.symlinkSync(path.dirname(root), path.join(root, 'escape'));

    // The reader itself, as the backend builds it (with the backend's tree response factory),
    // and the backend's UrlReaders in front of it.
    throughBackend = UrlReaders.create({
      config: new ConfigReader({
        commerce: { publish: { local: { directory: root } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [
        options => {
          const tuples = localRepositoriesReaderFactory(options);
          direct = tuples[0]!.reader;
          return tuples;
        },
      ],
    });
  });

  /**
   * What is wrong with one operation's outcome: it must read a file inside the folder (never
   * the secret next to it), or refuse with a typed error whose message says why.
   */
  async function unsafe(
    operation: () => Promise<string[]>,
  ): Promise<{ read: boolean; problems: string[] }> {
    let contents: string[];
    try {
      contents = await operation();
    } catch (error) {
      const { name, message } = error as Error;
      const refused = (problems: string[]) => ({ read: false, problems });
      if (!TYPED_ERRORS.includes(name)) {
        return refused([`refused with ${name}: ${message}`]);
      }
      if (name === 'NotModifiedError') return refused([]);
      if (!/\S/.test(message)) return refused([`${name} without a message`]);
      return refused(
        /\n\s+at /.test(message) ? [`${name} with a stack: ${message}`] : [],
      );
    }
    return {
      read: true,
      problems: contents.includes(SECRET)
        ? ['read the file outside the folder']
        : [],
    };
  }

  const operations = (reader: UrlReaderService) => ({
    readUrl: async (url: string) => [
      (await (await reader.readUrl(url)).buffer()).toString(),
    ],
    readTree: async (url: string) =>
      Promise.all(
        (await (await reader.readTree(url)).files()).map(async f =>
          (await f.content()).toString(),
        ),
      ),
    search: async (url: string) =>
      Promise.all(
        (await reader.search(url)).files.map(async f =>
          (await f.content()).toString(),
        ),
      ),
  });

  /** Every problem over CASES generated URLs, each naming its case. */
  async function fuzz(reader: UrlReaderService, fileOnly: boolean) {
    const r = seededRandom(SEED);
    const ops = operations(reader);
    const problems: string[] = [];
    let read = 0;
    for (let i = 0; i < CASES; i++) {
      let url = generatedUrl(r, root, outside);
      // The backend's own URL parsing (backend-defaults) comes before ours for other inputs.
      if (fileOnly && !/^file:\/\//i.test(url)) url = pathToFileURL(root).href;
      const name = r.pick(['readUrl', 'readTree', 'search'] as const);
      const outcome = await unsafe(() => ops[name](url));
      if (outcome.read) read++;
      const found = outcome.problems;
      problems.push(
        ...found.map(
          p =>
            `case ${i}: ${name}(${JSON.stringify(url).slice(
              0,
              200,
            )}): ${p.slice(0, 800)}`,
        ),
      );
    }
    return { ...failureSummary(problems), read };
  }

  it('refuses or reads inside its folder, whatever URL it is given', async () => {
    const result = await fuzz(direct, false);
    expect(result).toEqual({ ...NO_FAILURES, read: expect.any(Number) });
    // Some generated URLs name real files inside the folder, and those are read.
    expect(result.read).toBeGreaterThan(0);
  }, 60_000);

  it('does the same behind the backend’s UrlReaders, for every file:// URL', async () => {
    const result = await fuzz(throughBackend, true);
    expect(result).toEqual({ ...NO_FAILURES, read: expect.any(Number) });
    expect(result.read).toBeGreaterThan(0);
  }, 60_000);

  it('says why it refuses, in words', async () => {
    const inRoot = (rest: string) => `${pathToFileURL(root).href}/${rest}`;
    const refusal = async (url: string) =>
      direct.readUrl(url).then(
        () => 'read',
        (e: Error) => `${e.name}: ${e.message}`,
      );
    expect(await refusal('not a url')).toBe(
      `InputError: "not a url" is not a URL; name a file:// URL inside ${root}`,
    );
    expect(await refusal('https://example.com/x')).toMatch(
      /^NotAllowedError: https:\/\/example\.com\/x is not a file:\/\/ URL/,
    );
    expect(await refusal(inRoot('%zz'))).toMatch(
      /^InputError: .*%zz does not name a file on this machine: URI malformed$/,
    );
    expect(await refusal(inRoot('a%2Fb'))).toMatch(
      /^InputError: .*a%2Fb does not name a file on this machine: .*encoded \/ characters/,
    );
    expect(await refusal(inRoot('x%00'))).toMatch(
      /^InputError: .*x%00 contains a NUL character \(%00\), which no file name can$/,
    );
    expect(await refusal(inRoot('a'.repeat(300)))).toMatch(
      /^InputError: .* does not name a file on this machine: the path is too long$/,
    );
    expect(await refusal(inRoot('order-service/catalog-info.yaml/x'))).toMatch(
      /^NotFoundError: .* does not exist: a part of its path is a file$/,
    );
    expect(await refusal(inRoot('../secret.yaml'))).toMatch(
      /^NotAllowedError: .* is outside the local repositories folder/,
    );
    // isChildPath follows symlinks, so a link out of the folder is outside it.
    expect(await refusal(inRoot('order-service/link.yaml'))).toMatch(
      /^NotAllowedError: .*link\.yaml is outside the local repositories folder/,
    );
  });

  it('still reads a published file afterwards', async () => {
    const res = await direct.readUrl(
      pathToFileURL(path.join(root, 'order-service/catalog-info.yaml')).href,
    );
    expect((await res.buffer()).toString()).toBe('kind: Component\n');
  });
});
