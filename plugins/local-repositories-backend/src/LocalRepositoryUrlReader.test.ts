import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigReader } from '@backstage/config';
import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { localRepositoriesReaderFactory } from './index';

describe('the local repositories URL reader, through the backend’s UrlReaders', () => {
  let root: string;
  let outside: string;
  let reader: ReturnType<typeof UrlReaders.create>;

  beforeAll(async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'local-repos-'));
    root = path.join(base, 'repositories');
    outside = path.join(base, 'secret.yaml');
    fs.mkdirSync(path.join(root, 'order-service/docs'), { recursive: true });
    fs.mkdirSync(path.join(root, 'order-service/.git'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'order-service/catalog-info.yaml'),
      'kind: Component\n',
    );
    fs.writeFileSync(
      path.join(root, 'order-service/openapi.yaml'),
      'openapi: 3.1.0\n',
    );
    fs.writeFileSync(
      path.join(root, 'order-service/docs/index.md'),
      '# Order\n',
    );
    fs.writeFileSync(path.join(root, 'order-service/.git/HEAD'), 'ref: main\n');
    fs.writeFileSync(outside, 'password: nope\n');
    fs.symlinkSync(outside, path.join(root, 'order-service/link.yaml'));

    const config = new ConfigReader({
      commerce: { publish: { local: { directory: root } } },
    });
    reader = UrlReaders.create({
      config,
      logger: mockServices.logger.mock(),
      factories: [localRepositoriesReaderFactory],
    });
  });

  const url = (file: string) => pathToFileURL(file).href;

  it('reads a file of a published repository, and says when it has not changed', async () => {
    const response = await reader.readUrl(
      url(path.join(root, 'order-service/openapi.yaml')),
    );
    expect((await response.buffer()).toString()).toBe('openapi: 3.1.0\n');
    await expect(
      reader.readUrl(url(path.join(root, 'order-service/openapi.yaml')), {
        etag: response.etag,
      }),
    ).rejects.toMatchObject({ name: 'NotModifiedError' });
  });

  it('resolves a relative placeholder the way the catalog does', async () => {
    const base = url(path.join(root, 'order-service/catalog-info.yaml'));
    const resolved = new URL('./openapi.yaml', base).href;
    expect(resolved).toBe(url(path.join(root, 'order-service/openapi.yaml')));
    expect(
      (await (await reader.readUrl(resolved)).buffer()).toString(),
    ).toContain('openapi');
  });

  it('finds a named catalog file the way the catalog reads url locations, and refuses patterns', async () => {
    const found = await reader.search(
      url(path.join(root, 'order-service/catalog-info.yaml')),
    );
    expect(found.files).toHaveLength(1);
    expect((await found.files[0]!.content()).toString()).toBe(
      'kind: Component\n',
    );
    const missing = await reader.search(
      url(path.join(root, 'order-service/other.yaml')),
    );
    expect(missing.files).toEqual([]);
    await expect(
      reader.search(url(path.join(root, '*/catalog-info.yaml'))),
    ).rejects.toThrow(/patterns are not supported/);
  });

  it('reads a repository tree without .git, for TechDocs', async () => {
    const tree = await reader.readTree(url(path.join(root, 'order-service')));
    const files = (await tree.files()).map(f => f.path).sort();
    expect(files).toEqual([
      'catalog-info.yaml',
      'docs/index.md',
      'openapi.yaml',
    ]);
  });

  it('adds no reader when the portal publishes to GitHub', async () => {
    const github = UrlReaders.create({
      config: new ConfigReader({
        commerce: { publish: { target: 'github', local: { directory: root } } },
      }),
      logger: mockServices.logger.mock(),
      factories: [localRepositoriesReaderFactory],
    });
    await expect(
      github.readUrl(url(path.join(root, 'order-service/openapi.yaml'))),
    ).rejects.toThrow(/not allowed|no reader|Reading from/i);
  });

  it('reads nothing outside the repositories folder, not even through a symlink', async () => {
    await expect(reader.readUrl(url(outside))).rejects.toThrow(
      /not allowed|outside/i,
    );
    await expect(
      reader.readUrl(url(path.join(root, 'order-service/link.yaml'))),
    ).rejects.toThrow(/not allowed|leads outside/);
    await expect(
      reader.readUrl(url(path.join(root, 'order-service/missing.yaml'))),
    ).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
