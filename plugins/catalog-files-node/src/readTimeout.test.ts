import { UrlReaders } from '@backstage/backend-defaults/urlReader';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { OutboundTimeoutError } from './outboundTimeout';
import { timeBoundUrlReader } from './readTimeout';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const FILE_URL =
  'https://github.com/commerce/order-service/blob/main/openslo.yaml';
const CONTENTS_API =
  'https://api.github.com/repos/commerce/order-service/contents/openslo.yaml';

/** The backend's real UrlReaders (GitHub's reader over msw) behind the deadline. */
function githubReader(timeoutSeconds = 0.1) {
  const config = new ConfigReader({
    integrations: { github: [{ host: 'github.com', token: 'test-token' }] },
    commerce: { reading: { timeoutSeconds } },
  });
  return timeBoundUrlReader(
    UrlReaders.default({ config, logger: mockServices.logger.mock() }),
    config,
  );
}

const never = () => new Promise<never>(() => {});

describe('timeBoundUrlReader over the GitHub reader', () => {
  it('turns a read GitHub never answers into a clear 503 within the timeout, and reads again next time', async () => {
    let hang = true;
    const requests: Request[] = [];
    server.use(
      http.get(CONTENTS_API, ({ request }) => {
        requests.push(request);
        return hang ? never() : HttpResponse.text('kind: SLO\n');
      }),
    );
    const reader = githubReader();

    const started = Date.now();
    const error = await reader.readUrl(FILE_URL).catch(e => e);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(error.name).toBe('ServiceUnavailableError');
    expect(error.message).toBe(
      `github.com did not answer within 0.1 s (reading ${FILE_URL}). Try again later, or raise commerce.reading.timeoutSeconds if github.com is only slow.`,
    );

    hang = false;
    const response = await reader.readUrl(FILE_URL);
    expect((await response.buffer()).toString('utf8')).toBe('kind: SLO\n');
    expect(requests).toHaveLength(2);
  });

  it('gives up on a file whose body stops arriving', async () => {
    server.use(
      http.get(
        CONTENTS_API,
        () =>
          new HttpResponse(
            new ReadableStream({
              start(controller) {
                // The headers and a first chunk arrive, the rest never does.
                controller.enqueue(new TextEncoder().encode('kind: '));
              },
            }),
          ),
      ),
    );
    await expect(githubReader().readUrl(FILE_URL)).rejects.toThrow(
      `github.com did not answer within 0.1 s (reading ${FILE_URL})`,
    );
  });

  it('gives up on a folder whose commit lookup hangs, which GitHub’s reader does not cancel', async () => {
    // readTree asks for the commit first, without the caller's signal; only the race ends it.
    server.use(
      http.get(
        'https://api.github.com/repos/commerce/portal/commits/main/status',
        never,
      ),
    );
    const url = 'https://github.com/commerce/portal/tree/main/docs/adr';
    const error = await githubReader()
      .readTree(url)
      .catch(e => e);
    expect(error).toBeInstanceOf(OutboundTimeoutError);
    expect(error.message).toBe(
      `github.com did not answer within 0.1 s (reading the folder ${url}). Try again later, or raise commerce.reading.timeoutSeconds if github.com is only slow.`,
    );
  });

  it('still honours the caller’s own signal and passes other errors through', async () => {
    server.use(
      http.get(
        CONTENTS_API,
        () => new HttpResponse(null, { status: 404, statusText: 'Not Found' }),
      ),
    );
    const reader = githubReader(30);
    await expect(reader.readUrl(FILE_URL)).rejects.toMatchObject({
      name: 'NotFoundError',
    });

    server.use(http.get(CONTENTS_API, never));
    const caller = new AbortController();
    const read = reader.readUrl(FILE_URL, { signal: caller.signal });
    caller.abort();
    const error = await read.catch(e => e);
    expect(error).not.toBeInstanceOf(OutboundTimeoutError);
    expect(error.name).toBe('AbortError');
  });

  it('refuses a timeout that is not positive', () => {
    expect(() => githubReader(0)).toThrow(
      'commerce.reading.timeoutSeconds is 0; set a positive number of seconds (default 30)',
    );
  });
});
