import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import { ScmIntegrations } from '@backstage/integration';
import { NotFoundError } from '@backstage/errors';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { asDirectoryUrl, entityFileUrl, readEntityFile } from './entityFiles';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

function component(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'order-service', annotations },
    spec: {},
  };
}

describe('entityFileUrl', () => {
  it('resolves a relative path against the location the entity was read from', () => {
    const entity = component({
      'backstage.io/managed-by-location':
        'url:file:///data/repositories/order-service/catalog-info.yaml',
      'commerce.platform/slo-file': 'openslo.yaml',
    });
    expect(
      entityFileUrl(entity, 'commerce.platform/slo-file', integrations),
    ).toBe('file:///data/repositories/order-service/openslo.yaml');
  });

  it('prefers the source location and resolves GitHub blob URLs', () => {
    const entity = component({
      'backstage.io/managed-by-location':
        'url:https://github.com/acme/order-service/blob/main/catalog-info.yaml',
      'backstage.io/source-location':
        'url:https://github.com/acme/order-service/tree/main/',
      'commerce.platform/slo-file': './openslo.yaml',
    });
    expect(
      entityFileUrl(entity, 'commerce.platform/slo-file', integrations),
    ).toBe('https://github.com/acme/order-service/tree/main/openslo.yaml');
  });

  it('is undefined without the annotation and explains a missing location', () => {
    expect(
      entityFileUrl(component({}), 'commerce.platform/slo-file', integrations),
    ).toBeUndefined();
    expect(() =>
      entityFileUrl(
        component({ 'commerce.platform/slo-file': 'openslo.yaml' }),
        'commerce.platform/slo-file',
        integrations,
      ),
    ).toThrow(/component:default\/order-service: .*no .*source-location/);
  });
});

describe('readEntityFile', () => {
  const entity = component({
    'backstage.io/managed-by-location':
      'url:https://example.com/order-service/catalog-info.yaml',
    'commerce.platform/slo-file': 'openslo.yaml',
  });

  it('reads the file through the UrlReader', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async url => {
        expect(url).toBe('https://example.com/order-service/openslo.yaml');
        return { buffer: async () => Buffer.from('apiVersion: openslo/v1') };
      },
    });
    await expect(
      readEntityFile({
        entity,
        annotation: 'commerce.platform/slo-file',
        integrations,
        urlReader: urlReader as UrlReaderService,
      }),
    ).resolves.toEqual({
      url: 'https://example.com/order-service/openslo.yaml',
      text: 'apiVersion: openslo/v1',
    });
  });

  it('names the URL it tried when the file is missing', async () => {
    const urlReader = mockServices.urlReader.mock({
      readUrl: async () => {
        throw new NotFoundError('gone');
      },
    });
    await expect(
      readEntityFile({
        entity,
        annotation: 'commerce.platform/slo-file',
        integrations,
        urlReader: urlReader as UrlReaderService,
      }),
    ).rejects.toThrow(
      'names https://example.com/order-service/openslo.yaml, which does not exist',
    );
  });
});

describe('asDirectoryUrl', () => {
  const withAzureDevOps = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: { azure: [{ host: 'dev.azure.com' }] },
    }),
  );
  const fileIn = (directory: string) =>
    withAzureDevOps.resolveUrl({
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
