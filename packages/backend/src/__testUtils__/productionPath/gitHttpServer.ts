import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A git smart-HTTP server on 127.0.0.1 (node:http in front of `git http-backend`, the CGI
 * program git itself ships), standing in for github.com's git endpoint: publish:github pushes
 * the generated service to the `clone_url` the repository-create answer names, so the push is
 * a real git push and the test reads the pushed tree back with git.
 */
export interface GitHttpServer {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** Folder holding `<owner>/<repo>.git` bare repositories. */
  root: string;
  /** Paths of the files on `branch`, sorted. */
  listFiles(owner: string, repo: string, branch: string): Promise<string[]>;
  /** A file's content on `branch`, or undefined when it is not there. */
  readFile(
    owner: string,
    repo: string,
    branch: string,
    file: string,
  ): Promise<Buffer | undefined>;
  /** The Basic credentials of every request, as `user:password`. */
  credentialsSeen: string[];
  stop(): Promise<void>;
}

export async function startGitHttpServer(): Promise<GitHttpServer> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'prod-path-git-'));
  const { stdout: execPath } = await run('git', ['--exec-path']);
  const backend = path.join(execPath.trim(), 'git-http-backend');
  const credentialsSeen: string[] = [];

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Basic ')) {
      // As GitHub does: git sends its credentials only when challenged.
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' });
      res.end();
      return;
    }
    credentialsSeen.push(Buffer.from(auth.slice(6), 'base64').toString('utf8'));
    const cgi = spawn(backend, [], {
      env: {
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: '1',
        // The push is authenticated by the token (checked through credentialsSeen);
        // http-backend itself refuses receive-pack to an anonymous REMOTE_USER.
        REMOTE_USER: 'publisher',
        REQUEST_METHOD: req.method ?? 'GET',
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: req.headers['content-type'] ?? '',
        ...(req.headers['content-encoding'] && {
          HTTP_CONTENT_ENCODING: String(req.headers['content-encoding']),
        }),
        PATH: process.env.PATH ?? '',
      },
    });
    req.pipe(cgi.stdin);
    // CGI output: headers, a blank line, then the body.
    let head = Buffer.alloc(0);
    let headersDone = false;
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        res.write(chunk);
        return;
      }
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      headersDone = true;
      let status = 200;
      for (const line of head.subarray(0, end).toString('utf8').split('\r\n')) {
        const i = line.indexOf(':');
        const name = line.slice(0, i).trim();
        const value = line.slice(i + 1).trim();
        if (name.toLowerCase() === 'status') status = parseInt(value, 10);
        else res.setHeader(name, value);
      }
      res.statusCode = status;
      res.write(head.subarray(end + 4));
    });
    cgi.stdout.on('end', () => res.end());
    cgi.on('error', e => {
      res.statusCode = 500;
      res.end(String(e));
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const gitDir = (owner: string, repo: string) =>
    path.join(root, owner, `${repo}.git`);

  return {
    baseUrl,
    root,
    credentialsSeen,
    async listFiles(owner, repo, branch) {
      const { stdout } = await run(
        'git',
        ['ls-tree', '-r', '--name-only', branch],
        { cwd: gitDir(owner, repo) },
      );
      return stdout.split('\n').filter(Boolean).sort();
    },
    async readFile(owner, repo, branch, file) {
      try {
        const { stdout } = await run('git', ['show', `${branch}:${file}`], {
          cwd: gitDir(owner, repo),
          encoding: 'buffer',
        });
        return stdout as unknown as Buffer;
      } catch {
        return undefined;
      }
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}
