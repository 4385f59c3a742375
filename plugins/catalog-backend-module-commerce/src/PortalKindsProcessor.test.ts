import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import type {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import YAML from 'yaml';
import { PortalKindsProcessor } from './PortalKindsProcessor';

// Test-only code that is never bundled, so __dirname is the source folder.
// eslint-disable-next-line no-restricted-syntax
const repoRoot = path.resolve(__dirname, '../../..');
const PORTAL_REPO_URL = 'https://github.com/commerce/portal';

/** app-config.yaml with app-config.production.yaml on top, as production loads them. */
function productionConfig() {
  const read = (file: string) =>
    YAML.parse(
      fs
        .readFileSync(path.join(repoRoot, file), 'utf8')
        .replaceAll('${PORTAL_REPO_URL}', PORTAL_REPO_URL),
    );
  return ConfigReader.fromConfigs([
    { context: 'app-config.yaml', data: read('app-config.yaml') },
    {
      context: 'app-config.production.yaml',
      data: read('app-config.production.yaml'),
    },
  ]);
}

function entity(kind: string, name: string, spec: object = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name },
    spec,
  };
}

async function errorsFor(
  processor: PortalKindsProcessor,
  subject: Entity,
  origin: LocationSpec,
  location: LocationSpec = origin,
): Promise<string[]> {
  const emitted: CatalogProcessorResult[] = [];
  await processor.preProcessEntity(
    subject,
    location,
    r => emitted.push(r),
    origin,
  );
  return emitted.flatMap(r => (r.type === 'error' ? [r.error.message] : []));
}

describe('PortalKindsProcessor, with the production config', () => {
  const processor = PortalKindsProcessor.fromConfig(productionConfig());
  const root: LocationSpec = {
    type: 'url',
    target: `${PORTAL_REPO_URL}/blob/main/catalog-info.yaml`,
  };
  const service: LocationSpec = {
    type: 'url',
    target:
      'https://github.com/commerce/order-service/blob/main/catalog-info.yaml',
  };

  it.each(['Template', 'Location', 'Group', 'User', 'System', 'Domain'])(
    'accepts a %s from the portal repository’s catalog',
    async kind => {
      expect(
        await errorsFor(processor, entity(kind, 'x'), root, {
          type: 'url',
          target: `${PORTAL_REPO_URL}/blob/main/catalog/org.yaml`,
        }),
      ).toEqual([]);
    },
  );

  it.each(['Template', 'Location', 'Group', 'User', 'System', 'Domain'])(
    'refuses a %s from a service repository, naming it, its file and the remedy',
    async kind => {
      const [message] = await errorsFor(processor, entity(kind, 'x'), service);
      expect(message).toBe(
        `${kind} ${kind.toLowerCase()}:default/x in url:${
          service.target
        } was refused: ${kind} entities are accepted only from the portal's own catalog, and this file was registered from url:${
          service.target
        }. A service repository declares its Component, API and Resource entities only. Remove the ${kind} from this file; to add a template, team, person, system or domain, change the portal repository's catalog (catalog/ or templates/) by pull request.`,
      );
    },
  );

  it.each(['Component', 'API', 'Resource'])(
    'leaves a service repository’s %s to the stock rules',
    async kind => {
      expect(await errorsFor(processor, entity(kind, 'x'), service)).toEqual(
        [],
      );
    },
  );

  it('accepts the Location the catalog makes for a registered file itself, not one pointing elsewhere', async () => {
    const registration = entity('Location', 'generated-abc', {
      type: 'url',
      target: service.target,
    });
    expect(await errorsFor(processor, registration, service)).toEqual([]);
    const elsewhere = entity('Location', 'more', {
      type: 'url',
      target: 'https://github.com/commerce/other/blob/main/catalog-info.yaml',
    });
    expect(await errorsFor(processor, elsewhere, service)).toHaveLength(1);
  });
});

describe('PortalKindsProcessor, with the local config', () => {
  // Relative file targets resolve from the backend's folder, as the catalog resolves them.
  const cwd = process.cwd();
  beforeAll(() => process.chdir(path.join(repoRoot, 'packages/backend')));
  afterAll(() => process.chdir(cwd));

  it('accepts only a User from the guest file, as its location rules say', async () => {
    const config = new ConfigReader(
      YAML.parse(
        fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
      ),
    );
    const processor = PortalKindsProcessor.fromConfig(config);
    const guestFile: LocationSpec = {
      type: 'file',
      target: path.join(repoRoot, 'catalog/local/guest.yaml'),
    };
    expect(
      await errorsFor(processor, entity('User', 'guest'), guestFile),
    ).toEqual([]);
    expect(
      await errorsFor(processor, entity('Group', 'admins'), guestFile),
    ).toHaveLength(1);
    const rootFile: LocationSpec = {
      type: 'file',
      target: path.join(repoRoot, 'catalog-info.yaml'),
    };
    expect(
      await errorsFor(processor, entity('Template', 'order-service'), rootFile),
    ).toEqual([]);
  });
});

describe('PortalKindsProcessor, with the production Entra provider', () => {
  const processor = PortalKindsProcessor.fromConfig(productionConfig());
  const fromEntra = (provider: string): LocationSpec => ({
    type: 'msgraph',
    target: `${provider}/0b5a1c4e-1111-4aaa-8000-000000000001`,
  });

  it.each(['User', 'Group'])(
    'accepts a %s read by the configured msgraph provider',
    async kind => {
      expect(
        await errorsFor(processor, entity(kind, 'x'), fromEntra('entra')),
      ).toEqual([]);
    },
  );

  it('refuses other kinds from it, and people from a provider that is not configured', async () => {
    expect(
      await errorsFor(processor, entity('Template', 'x'), fromEntra('entra')),
    ).toHaveLength(1);
    expect(
      await errorsFor(processor, entity('User', 'x'), fromEntra('other')),
    ).toHaveLength(1);
  });
});
