import { CacheManager } from '@backstage/backend-defaults/cache';
import { ConfigReader } from '@backstage/config';
import type { HttpClient } from '@azure/core-rest-pipeline';
import { readCostConfig } from '../../config';
import { createCostManagementService } from './AzureCostManagement';
import {
  createFakeCostManagement,
  fakeCredential,
  serviceTagQueryResult,
} from './__testUtils__/fakeCostManagement';

const subscriptionId = '6f1c2a7e-0000-4000-8000-000000000001';

/** The backend's cache as `backend.cache` unset gives it: in memory, with expiry. */
function memoryCache() {
  return CacheManager.fromConfig(new ConfigReader({})).forPlugin('cost');
}

describe('Azure Cost Management with a timeout', () => {
  it('turns a query that never answers into a clear error within the timeout, and asks again next time', async () => {
    const answering = createFakeCostManagement(() => ({
      status: 200,
      body: serviceTagQueryResult([[12.5, 'service', 'cart-service', 'USD']]),
    }));
    let hang = true;
    let hungRequests = 0;
    // The first request never gets an answer, and this transport ignores the abort signal:
    // the timeout must not depend on the transport's cooperation.
    const httpClient: HttpClient = {
      sendRequest(request) {
        if (hang) {
          hungRequests += 1;
          return new Promise(() => {});
        }
        return answering.httpClient.sendRequest(request);
      },
    };
    const service = createCostManagementService(
      readCostConfig(
        new ConfigReader({
          commerce: { azure: { subscriptionId } },
          cost: { azure: { queryTimeoutSeconds: 0.05 } },
        }),
      ),
      { cache: memoryCache(), httpClient, credential: fakeCredential },
    );
    if (!service.configured) throw new Error('expected Cost Management');

    const started = Date.now();
    const error = await service.spendByService(['cart-service']).catch(e => e);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      `Azure Cost Management did not answer within 0.05 s (querying subscription ${subscriptionId}). Try again later, or raise cost.azure.queryTimeoutSeconds if Azure Cost Management is only slow.`,
    );
    expect(hungRequests).toBe(1);

    // The hung query left no cache entry behind: the same query goes to Azure again.
    hang = false;
    const spend = await service.spendByService(['cart-service']);
    expect(spend.get('cart-service')).toBe(12.5);
    expect(answering.requests).toHaveLength(1);
  });

  it('keeps answers in the backend cache for ten minutes, and shares a query under way', async () => {
    const answering = createFakeCostManagement(() => ({
      status: 200,
      body: serviceTagQueryResult([[7.25, 'service', 'order-service', 'USD']]),
    }));
    const cache = memoryCache();
    const ttls: (number | undefined)[] = [];
    const recording: typeof cache = {
      ...cache,
      get: key => cache.get(key),
      delete: key => cache.delete(key),
      withOptions: options => cache.withOptions(options),
      set: (key, value, options) => {
        ttls.push(typeof options?.ttl === 'number' ? options.ttl : undefined);
        return cache.set(key, value, options);
      },
    };
    const config = readCostConfig(
      new ConfigReader({ commerce: { azure: { subscriptionId } } }),
    );
    const service = createCostManagementService(config, {
      cache: recording,
      httpClient: answering.httpClient,
      credential: fakeCredential,
    });
    if (!service.configured) throw new Error('expected Cost Management');

    const together = await Promise.all([
      service.spendByService(['order-service']),
      service.spendByService(['order-service']),
    ]);
    expect(together.map(spend => spend.get('order-service'))).toEqual([
      7.25, 7.25,
    ]);
    expect(answering.requests).toHaveLength(1);
    expect(ttls[0]).toBe(10 * 60_000);

    // Another replica's instance with the same (shared) cache asks Azure no more either.
    const other = createCostManagementService(config, {
      cache,
      httpClient: answering.httpClient,
      credential: fakeCredential,
    });
    if (!other.configured) throw new Error('expected Cost Management');
    expect(
      (await other.spendByService(['order-service'])).get('order-service'),
    ).toBe(7.25);
    expect(answering.requests).toHaveLength(1);
  });

  it('refuses a timeout that is not positive', () => {
    expect(() =>
      readCostConfig(
        new ConfigReader({
          commerce: { azure: { subscriptionId } },
          cost: { azure: { queryTimeoutSeconds: 0 } },
        }),
      ),
    ).toThrow(
      'cost.azure.queryTimeoutSeconds is 0; set a positive number of seconds (default 30)',
    );
  });
});
