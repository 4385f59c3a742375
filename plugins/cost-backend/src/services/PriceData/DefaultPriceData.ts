import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import type { ScmIntegrationRegistry } from '@backstage/integration';
import {
  OutboundTimeoutError,
  yamlProblemMessage,
} from '@internal/plugin-catalog-files-node';
import {
  estimatePlatformCost,
  parseBicepParams,
  parsePlatformUsage,
  parsePriceSheet,
} from '@internal/plugin-cost-common';
import { parse } from 'yaml';
import type {
  DataLocation,
  PlatformEstimateResult,
  PriceDataService,
  PriceSheetResult,
} from './types';

/**
 * Reads the price sheet and the platform's Bicep parameters, keeping what it read for
 * `ttlMs`: they change with a commit, not between requests, and a fix to a broken sheet shows up
 * within the minute without a restart. A read that timed out says nothing about the file: its
 * problem is answered once and not kept, so the next request reads again.
 */
export class DefaultPriceData implements PriceDataService {
  private readonly cache = new Map<
    string,
    { at: number; value: Promise<unknown> }
  >();
  /** Results of reads that timed out: answered, never kept. */
  private readonly timedOut = new WeakSet<object>();

  constructor(
    private readonly options: {
      priceSheet: DataLocation;
      /** The platform's infra/ folder; undefined when not configured. */
      infra?: DataLocation;
      /** Needed for URL locations. */
      urlReader?: UrlReaderService;
      integrations?: ScmIntegrationRegistry;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  priceSheet(): Promise<PriceSheetResult> {
    return this.cached('sheet', async () => {
      const location = this.options.priceSheet;
      try {
        const document = parse(await this.read(location));
        return { sheet: parsePriceSheet(document), file: describe(location) };
      } catch (error) {
        return this.notKeptIfTimedOut(error, {
          problem: describeReadError(
            error,
            location,
            'the price sheet cannot be used',
          ),
        });
      }
    });
  }

  platformEstimate(environment: string): Promise<PlatformEstimateResult> {
    return this.cached(`platform:${environment}`, async () => {
      const infra = this.options.infra;
      if (!infra) {
        return {
          problem:
            "not configured: set commerce.platform.infraDirectory or commerce.platform.infraUrl (this repository's infra/ folder) to estimate the shared platform's cost",
        };
      }
      const priced = await this.priceSheet();
      if ('problem' in priced) {
        return priced;
      }
      const paramsFile = this.inFolder(infra, `main.${environment}.bicepparam`);
      const usageFile = this.inFolder(infra, 'pricing/usage.yaml');
      let reading = paramsFile;
      try {
        const params = parseBicepParams(
          await this.read(paramsFile),
          describe(paramsFile),
        );
        reading = usageFile;
        const usage = parsePlatformUsage(
          parse(await this.read(usageFile)),
          environment,
        );
        return {
          estimate: estimatePlatformCost({
            params,
            source: describe(paramsFile),
            priceSheet: priced.sheet,
            usage,
          }),
          source: describe(paramsFile),
        };
      } catch (error) {
        return this.notKeptIfTimedOut(error, {
          problem: describeReadError(
            error,
            reading,
            "the shared platform's cost cannot be estimated",
          ),
        });
      }
    });
  }

  private async read(location: DataLocation): Promise<string> {
    if ('file' in location) {
      return readFile(location.file, 'utf8');
    }
    const { urlReader } = this.options;
    if (!urlReader) {
      throw new Error(`no UrlReader to read ${location.url}`);
    }
    return (await (await urlReader.readUrl(location.url)).buffer()).toString(
      'utf8',
    );
  }

  private inFolder(folder: DataLocation, name: string): DataLocation {
    if ('file' in folder) {
      return { ...folder, file: path.join(folder.file, name) };
    }
    const base = folder.url.endsWith('/') ? folder.url : `${folder.url}/`;
    const url = this.options.integrations
      ? this.options.integrations.resolveUrl({ url: name, base })
      : new URL(name, base).toString();
    return { ...folder, url };
  }

  private cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.options.ttlMs ?? 60_000)) {
      return hit.value as Promise<T>;
    }
    const value = load();
    this.cache.set(key, { at: now, value });
    value.then(
      result => {
        if (
          this.timedOut.has(result as object) &&
          this.cache.get(key)?.value === value
        ) {
          this.cache.delete(key);
        }
      },
      () => {},
    );
    return value;
  }

  private notKeptIfTimedOut<T extends object>(error: unknown, result: T): T {
    if (error instanceof OutboundTimeoutError) {
      this.timedOut.add(result);
    }
    return result;
  }
}

function describe(location: DataLocation): string {
  return 'file' in location ? location.file : location.url;
}

/** A message naming the file and what to do, for a file that is missing, unreadable or invalid. */
function describeReadError(
  error: unknown,
  location: DataLocation,
  consequence: string,
): string {
  const missing =
    (error as NodeJS.ErrnoException)?.code === 'ENOENT' ||
    (error as Error)?.name === 'NotFoundError';
  if (missing) {
    return `${consequence}: ${describe(location)} does not exist; check ${
      location.setting
    }${
      'file' in location
        ? " (a relative path starts at the backend's working directory)"
        : ''
    }`;
  }
  return `${consequence}: ${describe(location)}: ${yamlProblemMessage(error)}`;
}
