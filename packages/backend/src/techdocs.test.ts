import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import YAML from 'yaml';
import { ConfigReader } from '@backstage/config';
import { TechdocsGenerator } from '@backstage/plugin-techdocs-node';
import { repoRoot } from '@internal/tools';

// Issue #17 item 8: the portal's own docs (mkdocs.yml + docs/) are its Component's TechDocs
// (`backstage.io/techdocs-ref: dir:.`). They are built here by the generator the portal's
// TechDocs backend runs (@backstage/plugin-techdocs-node, `runIn: local` as app-config.yaml
// says), on mkdocs from the host; mkdocs.yml sets `strict: true`, so a broken link or nav entry
// fails the build. Where mkdocs is missing the build is skipped with a message; CI installs it
// (.ci/run). Every docs page must be in the nav, and every link in README.md must resolve.

const mkdocs = spawnSync('mkdocs', ['--version'], { encoding: 'utf8' });
const hasMkdocs = mkdocs.status === 0;
if (!hasMkdocs) {
  // eslint-disable-next-line no-console
  console.warn(
    'Skipping the TechDocs build of the portal docs: no `mkdocs` on PATH. Install it with `apt-get install -y mkdocs mkdocs-material` (what .ci/run does).',
  );
}

const describeBuild = hasMkdocs ? describe : describe.skip;

const temporaryDirs: string[] = [];
function temporaryDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaryDirs)
    fs.rmSync(dir, { recursive: true, force: true });
});

/** The `techdocs` settings `./portal start` runs with: app-config.yaml, then the development file. */
function portalTechdocsConfig(): ConfigReader {
  const configs = ['app-config.yaml', 'app-config.development.yaml'].map(
    file => {
      const data = YAML.parse(
        fs.readFileSync(path.join(repoRoot, file), 'utf8'),
      );
      return { context: file, data: { techdocs: data?.techdocs ?? {} } };
    },
  );
  return ConfigReader.fromConfigs(configs);
}

function copyDocs(): string {
  const dir = temporaryDir('portal-techdocs-');
  fs.copyFileSync(
    path.join(repoRoot, 'mkdocs.yml'),
    path.join(dir, 'mkdocs.yml'),
  );
  fs.cpSync(path.join(repoRoot, 'docs'), path.join(dir, 'docs'), {
    recursive: true,
  });
  return dir;
}

type GeneratorOptions = Parameters<typeof TechdocsGenerator.fromConfig>[1];

/** A LoggerService that keeps what the generator logs, for the failure message. */
function collectingLogger(lines: string[]): GeneratorOptions['logger'] {
  const logger: GeneratorOptions['logger'] = {
    error: message => void lines.push(`error: ${message}`),
    warn: message => void lines.push(`warn: ${message}`),
    info: message => void lines.push(`info: ${message}`),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

async function generate(inputDir: string) {
  const config = portalTechdocsConfig();
  const lines: string[] = [];
  const logger = collectingLogger(lines);
  const generator = TechdocsGenerator.fromConfig(config, {
    logger,
  });
  const outputDir = temporaryDir('portal-site-');
  let log = '';
  const logStream = new PassThrough();
  logStream.on('data', chunk => {
    log += String(chunk);
  });
  try {
    await generator.run({
      inputDir,
      outputDir,
      logger: logger as unknown as Parameters<
        TechdocsGenerator['run']
      >[0]['logger'],
      logStream,
    });
  } catch (error) {
    throw new Error(
      `${(error as Error).message}\n${lines.join('\n')}\nmkdocs said:\n${log}`,
    );
  }
  return { outputDir, log };
}

function markdownFiles(dir: string, prefix = ''): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const relative = prefix + entry.name;
    if (entry.isDirectory()) {
      return markdownFiles(path.join(dir, entry.name), `${relative}/`);
    }
    return entry.name.endsWith('.md') ? [relative] : [];
  });
}

function navPages(nav: unknown): string[] {
  if (typeof nav === 'string') return [nav];
  if (Array.isArray(nav)) return nav.flatMap(navPages);
  if (nav && typeof nav === 'object') {
    return Object.values(nav).flatMap(navPages);
  }
  return [];
}

/** Relative link targets of a markdown file, outside code blocks and code spans. */
function relativeLinks(markdown: string): string[] {
  const text = markdown
    .replace(/^```[\s\S]*?^```/gm, '')
    .replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map(match => match[1])
    .filter(target => !/^[a-z][a-z0-9+.-]*:/i.test(target))
    .filter(target => !target.startsWith('#'));
}

describe("the portal's own TechDocs", () => {
  const mkdocsYml = YAML.parse(
    fs.readFileSync(path.join(repoRoot, 'mkdocs.yml'), 'utf8'),
  );

  it('is what the portal Component points at', () => {
    const [portal] = YAML.parseAllDocuments(
      fs.readFileSync(path.join(repoRoot, 'catalog-info.yaml'), 'utf8'),
    ).map(doc => doc.toJS());
    expect(portal.kind).toBe('Component');
    expect(portal.metadata.annotations['backstage.io/techdocs-ref']).toBe(
      'dir:.',
    );
    expect(mkdocsYml.docs_dir).toBe('docs');
    expect(mkdocsYml.strict).toBe(true);
  });

  it('lists every docs page in the nav (decision records through their index)', () => {
    const inNav = new Set(navPages(mkdocsYml.nav));
    const pages = markdownFiles(path.join(repoRoot, 'docs'));
    const missing = pages.filter(
      page =>
        !inNav.has(page) &&
        !(page.startsWith('decisions/') && page !== 'decisions/README.md'),
    );
    expect(missing).toEqual([]);
    const dangling = [...inNav].filter(page => !pages.includes(page));
    expect(dangling).toEqual([]);
  });

  it('links from README.md only to files that exist, and stays an onboarding page', () => {
    const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const broken = relativeLinks(readme).filter(
      target =>
        !fs.existsSync(path.join(repoRoot, decodeURI(target.split('#')[0]))),
    );
    expect(broken).toEqual([]);
    expect(relativeLinks(readme).length).toBeGreaterThan(5);
    expect(readme.split('\n').length).toBeLessThanOrEqual(160);
  });

  describeBuild('with mkdocs on PATH', () => {
    it('builds with the TechDocs generator the portal runs', async () => {
      const { outputDir } = await generate(copyDocs());
      expect(fs.existsSync(path.join(outputDir, 'index.html'))).toBe(true);
      expect(
        fs.existsSync(path.join(outputDir, 'annotations', 'index.html')),
      ).toBe(true);
      expect(
        fs.existsSync(path.join(outputDir, 'decisions', 'index.html')),
      ).toBe(true);
      const metadata = JSON.parse(
        fs.readFileSync(path.join(outputDir, 'techdocs_metadata.json'), 'utf8'),
      );
      expect(typeof metadata.build_timestamp).toBe('number');
      expect(metadata.files).toContain('index.html');
    }, 120_000);

    it('fails the build on a broken link', async () => {
      const inputDir = copyDocs();
      fs.appendFileSync(
        path.join(inputDir, 'docs', 'index.md'),
        '\nSee [the old page](no-such-page.md).\n',
      );
      await expect(generate(inputDir)).rejects.toThrow(/no-such-page\.md/);
    }, 120_000);
  });
});
