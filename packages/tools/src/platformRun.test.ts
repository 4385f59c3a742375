import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { EXIT_CODES, platformRunCli, USAGE } from './platformRun';

/** Runs the command as `yarn platform:run <args>` would, collecting what it prints. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await platformRunCli(args, {
    out: line => out.push(line),
    err: line => err.push(line),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** A port nothing listens on: bound once to learn a free one, then closed. */
async function closedPort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A server answering every request with the given status and Backstage's error body. */
async function serverAnswering(status: number) {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url} ${req.headers.authorization}`);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          name: status === 401 ? 'AuthenticationError' : 'NotAllowedError',
          message: status === 401 ? 'Illegal token' : 'Not allowed',
        },
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

describe('platform:run on the command line', () => {
  const env = process.env.PORTAL_API_TOKEN;
  beforeEach(() => {
    process.env.PORTAL_API_TOKEN = 'a-token';
  });
  afterAll(() => {
    if (env === undefined) delete process.env.PORTAL_API_TOKEN;
    else process.env.PORTAL_API_TOKEN = env;
  });

  it('prints its usage, exit codes included, for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const result = await run([flag]);
      expect(result.code).toBe(0);
      expect(result.out).toBe(USAGE);
      expect(result.out).toContain('--environment <env>');
      expect(result.out).toMatch(/^ {2}3 {2}the portal is not reachable/m);
      expect(result.out).toMatch(/^ {2}4 {2}no API token, or .*401\/403/m);
    }
  });

  it('refuses an unknown option with exit code 2, naming it, and shows the usage', async () => {
    const result = await run(['--envirnoment', 'dev']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.err).toContain("Unknown option '--envirnoment'");
    expect(result.err).toContain('Usage: ./portal platform-run');
  });

  it('refuses a --url that is not a URL', async () => {
    const result = await run(['--url', 'localhost:7007']);
    expect(result.code).toBe(EXIT_CODES.usage);
    expect(result.err).toContain('--url "localhost:7007" is not a URL');
  });

  it('names the URL and says how to start the portal when nothing listens there', async () => {
    const port = await closedPort();
    const result = await run(['--url', `http://127.0.0.1:${port}`]);
    expect(result.code).toBe(EXIT_CODES.unreachable);
    expect(result.err).toContain(
      `cannot reach the portal at http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    expect(result.err).toContain('Start it with ./portal start');
  });

  it('never prints an empty reason, also when localhost resolves to two addresses that both refuse', async () => {
    // Node tries ::1 and 127.0.0.1 and fails with an AggregateError whose message is empty.
    const port = await closedPort();
    const result = await run(['--url', `http://localhost:${port}`]);
    expect(result.code).toBe(EXIT_CODES.unreachable);
    expect(result.err).toMatch(
      new RegExp(
        `cannot reach the portal at http://localhost:${port} \\(.*ECONNREFUSED.*\\)`,
      ),
    );
    expect(result.err).not.toContain('()');
  });

  it('reports a 401 as a refused token, not as a missing template', async () => {
    const server = await serverAnswering(401);
    try {
      const result = await run(['--url', server.url]);
      expect(result.code).toBe(EXIT_CODES.unauthorized);
      expect(result.err).toContain(
        `the portal at ${server.url} refused the API token (HTTP 401: Illegal token)`,
      );
      expect(result.err).toContain('PORTAL_API_TOKEN');
      expect(result.err).not.toContain('is the catalog loaded');
      expect(server.requests).toEqual([
        'GET /api/catalog/entities/by-name/template/default/commerce-platform Bearer a-token',
      ]);
    } finally {
      await server.close();
    }
  });

  it('reports a 403 as a token that may not do this', async () => {
    const server = await serverAnswering(403);
    try {
      const result = await run(['--url', server.url]);
      expect(result.code).toBe(EXIT_CODES.unauthorized);
      expect(result.err).toContain('HTTP 403: Not allowed');
      expect(result.err).toContain('access restrictions');
    } finally {
      await server.close();
    }
  });

  it('asks whether the catalog is loaded only when the template is not found', async () => {
    const server = await serverAnswering(404);
    try {
      const result = await run(['--url', server.url]);
      expect(result.code).toBe(EXIT_CODES.refused);
      expect(result.err).toContain(
        'the portal has no template template:default/commerce-platform (HTTP 404',
      );
      expect(result.err).toContain('Is the catalog loaded?');
    } finally {
      await server.close();
    }
  });

  it('says where to get a token when there is none', async () => {
    delete process.env.PORTAL_API_TOKEN;
    const dataDir = process.env.PORTAL_DATA_DIR;
    process.env.PORTAL_DATA_DIR = '/nonexistent-portal-data';
    try {
      const result = await run([]);
      expect(result.code).toBe(EXIT_CODES.unauthorized);
      expect(result.err).toContain(
        'no API token: set PORTAL_API_TOKEN, or start the portal with ./portal start (it writes /nonexistent-portal-data/api-token)',
      );
    } finally {
      if (dataDir === undefined) delete process.env.PORTAL_DATA_DIR;
      else process.env.PORTAL_DATA_DIR = dataDir;
    }
  });
});
