import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readPlatformReviewConfig } from './config';

describe('readPlatformReviewConfig', () => {
  it('refreshes every 5 minutes by default, the first time 30 seconds after the start', () => {
    expect(readPlatformReviewConfig(new ConfigReader({}))).toEqual({
      refreshInterval: { minutes: 5 },
      initialDelay: { seconds: 30 },
      localCatalogFolders: [],
    });
  });

  it('reads the initial delay', () => {
    expect(
      readPlatformReviewConfig(
        new ConfigReader({ platformReview: { initialDelay: '2m' } }),
      ).initialDelay,
    ).toEqual({ minutes: 2 });
    expect(() =>
      readPlatformReviewConfig(
        new ConfigReader({ platformReview: { initialDelay: 'later' } }),
      ),
    ).toThrow(/platformReview\.initialDelay/);
  });

  it('reads the interval as an object or a string, and the file locations folders', () => {
    const config = readPlatformReviewConfig(
      new ConfigReader({
        platformReview: { refreshInterval: '10m' },
        catalog: {
          locations: [
            { type: 'file', target: '../../catalog-info.yaml' },
            {
              type: 'url',
              target: 'https://github.com/acme/portal/blob/main/x.yaml',
            },
          ],
        },
      }),
    );
    expect(config.refreshInterval).toEqual({ minutes: 10 });
    expect(config.localCatalogFolders).toEqual([path.resolve('../..')]);
    expect(
      readPlatformReviewConfig(
        new ConfigReader({ platformReview: { refreshInterval: { hours: 1 } } }),
      ).refreshInterval,
    ).toEqual({ hours: 1 });
  });

  it('refuses a malformed interval, naming the key', () => {
    expect(() =>
      readPlatformReviewConfig(
        new ConfigReader({ platformReview: { refreshInterval: 'soon' } }),
      ),
    ).toThrow(/platformReview\.refreshInterval/);
  });
});
