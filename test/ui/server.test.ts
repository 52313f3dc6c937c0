/**
 * The server of `flopcast ui`: the page and a favicon (GET and HEAD; 405 to other methods, on them and on the
 * server as a whole, `OPTIONS *`), nothing else (404 to every other path, however written; 400 to a target in no
 * form a server takes); loopback only; the command
 * prints its URL (--json: {url}), and Ctrl-C ends it with exit 0.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveUi, uiAnswer, uiConnectionCap, UI_HOST, UI_MAX_CONNECTIONS, UI_METHODS, UI_PAGE_FILE, type UiServer } from '../../src/cli/commands/ui.js';
import { DESCRIPTORS_HINT, ResourceError } from '../../src/cli/errors.js';
import { PAGE_CSP } from '../../src/ui/page.js';
import { PACKAGE_ROOT } from '../../src/paths.js';
import { BIN, runCli } from '../cli/run-cli.js';

let server: UiServer;
let page: string;

beforeAll(async () => {
  page = readFileSync(UI_PAGE_FILE, 'utf8');
  server = await serveUi(page, 0);
});

afterAll(async () => {
  await server?.close();
});

function fetchRaw(method: string, path: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(path, server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Writes `text` on a new connection as it is and returns all the server sends back before it closes. */
function rawRequest(text: string): Promise<string> {
  const url = new URL(server.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const s = connect({ host: url.hostname, port: Number(url.port) }, () => s.end(text));
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    s.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? undefined : reject(e)));
  });
}

// walk31: the README said the page was "one 800 kB file"; it is 1.1 MB (1,115,438 bytes at 7c62513). The README's
// figure is the served page's to within 15% (the page grows with every profile and preset inlined).
describe("the README's size of the page", () => {
  it('is the size of the page served', () => {
    const stated = /inline \(one ([\d.]+) (kB|MB) file\)/.exec(readFileSync(join(PACKAGE_ROOT, 'README.md'), 'utf8'));
    expect(stated).not.toBeNull();
    const bytes = Number(stated![1]) * (stated![2] === 'MB' ? 1e6 : 1e3);
    expect(Math.abs(Buffer.byteLength(page) / bytes - 1)).toBeLessThan(0.15);
  });
});

describe('the ui server', () => {
  it('listens on 127.0.0.1', () => {
    expect(new URL(server.url).hostname).toBe(UI_HOST);
  });

  it.each(['/', '/?x=1'])('serves the page for GET %s, with a policy that forbids every other request', async (path) => {
    const r = await fetchRaw('GET', path);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['content-security-policy']).toBe(PAGE_CSP);
    expect(r.body).toBe(page);
  });

  it('answers the favicon with 204', async () => {
    expect((await fetchRaw('GET', '/favicon.ico')).status).toBe(204);
  });

  it.each([
    ['GET', '/index.html'],
    ['GET', '/../package.json'],
    ['GET', '/dist/ui.html'],
    ['HEAD', '/package.json'],
    ['POST', '/x'],
  ])('answers %s %s with 404', async (method, path) => {
    expect((await fetchRaw(method, path)).status).toBe(404);
  });

  // Were 404, as if the page did not exist (RFC 9110 §9.1: a general-purpose server supports GET and HEAD).
  it.each(['/', '/?x=1', '/favicon.ico'])('answers HEAD %s as GET, without a body', async (path) => {
    const get = await fetchRaw('GET', path);
    const head = await fetchRaw('HEAD', path);
    expect(head.status).toBe(get.status);
    expect(head.body).toBe('');
    const { date: _d1, ...headHeaders } = head.headers;
    const { date: _d2, ...getHeaders } = get.headers;
    expect(headHeaders).toEqual(getHeaders);
  });

  it.each(['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].flatMap((m) => [[m, '/'], [m, '/favicon.ico']]))('answers %s %s with 405 and Allow: GET, HEAD', async (method, path) => {
    const r = await fetchRaw(method, path);
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe(UI_METHODS);
    expect(r.body).toBe('method not allowed\n');
  });

  // Written on the socket as given: a client library would normalise or refuse some of these.
  it.each([
    ['GET /../package.json', 404],
    ['GET /%2e%2e/package.json', 404],
    ['GET /%2E%2E%2Fpackage.json', 404],
    ['GET /..%2f..%2fpackage.json', 404],
    ['GET //etc/passwd', 404],
    ['GET /etc/passwd', 404],
    ['GET /%00', 404],
    ['GET /?../../package.json', 200],
    ['GET http://127.0.0.1/../package.json', 404],
    // The absolute form names the page as the origin form does (RFC 9112 §3.2.2); an empty path is "/".
    ['GET http://127.0.0.1/', 200],
    ['GET http://127.0.0.1:7341/?view=1', 200],
    ['GET http://localhost', 200],
    ['GET HTTP://127.0.0.1/favicon.ico', 204],
    ['GET http://127.0.0.1/etc/passwd', 404],
    ['GET http://127.0.0.1//', 404],
    ['GET /\u0000', 400], // a NUL in the request line: Node's parser refuses it
    ['GET /' + 'a'.repeat(100_000), 431], // beyond Node's 16 KiB of request line and headers
  ])('%s: %d, and the server keeps serving', async (line, status) => {
    const r = await rawRequest(`${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    expect(r.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    if (status === 200) expect(r.endsWith(page)).toBe(true);
    else expect(r).not.toContain('"name": "flopcast"');
    expect((await fetchRaw('GET', '/')).status).toBe(200);
  });

  // RFC 9112 §3.2: the request target's forms. `OPTIONS *` asks about the server as a whole, which takes GET and HEAD:
  // it was 404 (a path not found), as were `GET *` and a target without its leading slash.
  it.each([
    ['OPTIONS *', 405],
    ['OPTIONS http://127.0.0.1/', 405],
    ['PROPFIND /', 405],
    ['GET *', 400], // the asterisk form is OPTIONS's alone (RFC 9112 §3.2.4)
    ['POST *', 400],
    ['GET foo', 400], // no form: neither /path, nor scheme://authority, nor * (Node's parser refuses it first; uiAnswer's rows below)
    ['OPTIONS /nope', 404],
    ['FOO /', 400], // a method Node's parser does not know: refused before the server sees it
  ])('%s: %d on the socket, with Allow on a 405', async (line, status) => {
    const r = await rawRequest(`${line} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    const head = r.split('\r\n\r\n')[0]!.split('\r\n');
    expect(head[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(head.some((h) => /^allow: GET, HEAD$/i.test(h))).toBe(status === 405);
    expect((await fetchRaw('GET', '/')).status).toBe(200);
  });

  it('a header of 100 kB: 431, and the server keeps serving', async () => {
    const r = await rawRequest(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'b'.repeat(100_000)}\r\nConnection: close\r\n\r\n`);
    expect(r.split('\r\n')[0]).toMatch(/^HTTP\/1\.1 431 /);
    expect((await fetchRaw('GET', '/')).status).toBe(200);
  });

  it('50 requests at once each get the whole page', async () => {
    const all = await Promise.all(Array.from({ length: 50 }, (_, i) => fetchRaw(i % 2 ? 'GET' : 'HEAD', `/?n=${i}`)));
    all.forEach((r, i) => {
      expect(r.status).toBe(200);
      expect(r.body).toBe(i % 2 ? page : '');
    });
  });

  it('refuses connections on the machine\'s other interfaces', async () => {
    const port = Number(new URL(server.url).port);
    const others = Object.values(networkInterfaces()).flat().filter((a) => a && !a.internal).map((a) => a!.address);
    for (const host of others) {
      const outcome = await new Promise<string>((resolve) => {
        const s = connect({ host, port, timeout: 2000 }, () => {
          s.destroy();
          resolve('connected');
        });
        s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        s.on('timeout', () => {
          s.destroy();
          resolve('timeout');
        });
      });
      expect(outcome, host).not.toBe('connected');
    }
  });
});

describe('uiAnswer: one rule for every request line', () => {
  it.each([
    ['GET', '/', { serve: 'page' }],
    ['HEAD', '/?x=1', { serve: 'page' }],
    ['GET', 'http://127.0.0.1/favicon.ico', { serve: 'favicon' }],
    ['OPTIONS', '*', { status: 405, body: 'method not allowed\n' }],
    ['DELETE', '/favicon.ico', { status: 405, body: 'method not allowed\n' }],
    ['GET', '*', { status: 400, body: 'bad request target: * is for OPTIONS only\n' }],
    ['GET', 'index.html', { status: 400, body: 'bad request target\n' }],
    ['GET', '127.0.0.1:7341', { status: 400, body: 'bad request target\n' }],
    ['POST', '/x', { status: 404, body: 'not found\n' }],
    // An absolute form no URL parser takes was served as the page (its path read as /).
    ['GET', 'http://[::1/', { status: 400, body: 'bad request target\n' }],
    ['GET', 'http://x:99999/', { status: 400, body: 'bad request target\n' }],
    ['GET', 'http://[::1]:7341/', { serve: 'page' }],
  ])('%s %s', (method, target, answer) => {
    expect(uiAnswer(method, target)).toEqual(answer);
  });
});

describe('flopcast ui (the built command)', () => {
  it('prints {url} with --json, serves the page, and exits 0 on Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'ui', '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        try {
          resolve((JSON.parse(stdout) as { url: string }).url);
        } catch {
          // not the whole object yet
        }
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    });
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(Object.keys(JSON.parse(stdout) as object)).toEqual(['url']);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(page);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).not.toMatch(/\bat .*\(|Error:/);
  }, 20_000);

  it('says so, with exit 2, when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, UI_HOST, () => r()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await runCli(['ui', '--port', String(port)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`error: port ${port} on 127.0.0.1 is in use\n  hint: give another with --port N, or --port 0 for any free port\n`);
      expect(r.stdout).toBe('');
    } finally {
      blocker.close();
    }
  });

  // --out was ignored and the server started (hostile sweep 6): refused before it listens.
  it.each([[['--out', 'u.txt']], [['--port', '0', '--json', '--out', 'u.json']]])('refuses %j with exit 2', async (flags) => {
    const r = await runCli(['ui', ...flags]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: flopcast ui serves a page and writes no file: --out is not read\n  hint: leave --out out;/);
  });

  // Read as text: yargs' numbers would take '' and ' ' for 0 (serve on any port), 0x10 for 16, abc for NaN.
  it.each(['70000', '-1', '1.5', 'abc', '', ' ', '0x10', '0o17', '1e3', 'Infinity'])('refuses --port %j with exit 2, quoting it', async (port) => {
    const r = await runCli(['ui', '--port', port]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --port must be an integer from 0 to 65535, found "${port.trim()}"\n  hint: run with --help for usage\n`);
  });
});

// Hostile sweep 21: the Host header was not read, so a page on another site whose name was made to resolve to
// 127.0.0.1 (DNS rebinding) was served the page as its own origin. A request for another authority is 421 (RFC 9110
// §15.5.20); the loopback's names, on any port (an SSH tunnel forwards another), are served.
describe('the ui server answers for the loopback only (DNS rebinding)', () => {
  it.each([
    ['GET /', 'evil.example', 421],
    ['GET /', 'evil.example:7341', 421],
    ['GET /', '127.0.0.1.nip.io', 421],
    ['GET /', '10.0.0.1', 421],
    ['GET /favicon.ico', 'evil.example', 421],
    ['GET http://evil.example/', '127.0.0.1', 421],
    ['GET http://evil.example/', 'evil.example', 421],
    ['OPTIONS *', 'evil.example', 421],
    ['GET /', '127.0.0.1', 200],
    ['GET /', '127.0.0.1:8080', 200],
    ['GET /', 'localhost:7341', 200],
    ['GET /', 'LOCALHOST.', 200],
    ['GET /', '[::1]:7341', 200],
    ['GET http://localhost:7341/', 'localhost:7341', 200],
  ])('%s with Host %s: %d', async (line, host, status) => {
    const r = await rawRequest(`${line} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    expect(r.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    if (status === 421) expect(r).not.toContain('<html');
    expect((await fetchRaw('GET', '/')).status).toBe(200);
  });
  // Hostile sweep 30: Node keeps the first of several Host lines, so a second (evil) one was served the page; RFC 9112
  // §3.2 makes any request with more than one Host line a 400. A CONNECT (the authority form) was closed unanswered:
  // the server is no proxy, 405 like any other method it does not take.
  it.each([
    ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: evil.example', 400, 'bad request: more than one Host header\n'],
    ['GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: 127.0.0.1', 400, 'bad request: more than one Host header\n'],
    ['GET / HTTP/1.1\r\nhost: evil.example\r\nHOST: 127.0.0.1', 400, 'bad request: more than one Host header\n'],
    ['CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22', 405, 'method not allowed\n'],
    ['CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443', 405, 'method not allowed\n'],
    ['CONNECT evil.example:443 HTTP/1.1\r\nHost: evil.example:443', 421, 'misdirected request: this server answers for 127.0.0.1 and localhost only\n'],
  ])('%j: %d with its reason, and the server keeps serving', async (head, status, body) => {
    const r = await rawRequest(`${head}\r\nConnection: close\r\n\r\n`);
    const [lines, text] = r.split('\r\n\r\n');
    expect(lines!.split('\r\n')[0]).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(lines!.split('\r\n').some((h) => /^allow: GET, HEAD$/i.test(h))).toBe(status === 405);
    expect(r).toContain(body);
    expect(text).not.toContain('<html');
    expect((await fetchRaw('GET', '/')).status).toBe(200);
  });
  it('uiAnswer: more than one Host is 400, CONNECT 405', () => {
    expect(uiAnswer('GET', '/', ['127.0.0.1', 'evil.example'])).toEqual({ status: 400, body: 'bad request: more than one Host header\n' });
    expect(uiAnswer('GET', '/', ['127.0.0.1'])).toEqual({ serve: 'page' });
    expect(uiAnswer('GET', '/', [])).toEqual({ serve: 'page' });
    expect(uiAnswer('CONNECT', '127.0.0.1:22', '127.0.0.1:22')).toEqual({ status: 405, body: 'method not allowed\n' });
  });
  it('uiAnswer: a Host of another name is 421 before anything else; none (HTTP/1.0) is the page', () => {
    expect(uiAnswer('GET', '/', 'evil.example')).toEqual({ status: 421, body: 'misdirected request: this server answers for 127.0.0.1 and localhost only\n' });
    expect(uiAnswer('GET', '/nope', 'evil.example')).toMatchObject({ status: 421 });
    expect(uiAnswer('GET', '/', undefined)).toEqual({ serve: 'page' });
  });
});

// Hostile sweep 30: under many connections at once the server dropped the ones past its descriptors with no word (and a
// page's request with them), and under `ulimit -n 20` it listened, said it was serving, and answered nothing. It holds
// at most UI_MAX_CONNECTIONS, or what the limit on open files leaves, closes the rest as they come, and says so.
describe('the page server under many connections', () => {
  it.each([
    { free: 0, cap: /^no room for the page's connections: 0 more files may be opened, and the server needs 3 \(too many open files, EMFILE\)$/ },
    { free: 1, cap: /^no room for the page's connections: 1 more file may be opened/ },
    { free: 2, cap: /^no room for the page's connections: 2 more files may be opened/ },
    { free: 3, cap: 2 },
    { free: 10, cap: 9 },
    { free: UI_MAX_CONNECTIONS + 1, cap: UI_MAX_CONNECTIONS },
    { free: 20_000, cap: UI_MAX_CONNECTIONS },
  ])('uiConnectionCap($free)', ({ free, cap }) => {
    const got = uiConnectionCap(free);
    if (typeof cap === 'number') expect(got).toBe(cap);
    else {
      expect(got).toBeInstanceOf(ResourceError);
      expect((got as ResourceError).message).toMatch(cap);
      expect((got as ResourceError).hint).toBe(DESCRIPTORS_HINT);
    }
  });

  it(`closes connections past ${UI_MAX_CONNECTIONS}, says so, and serves again once they end`, async () => {
    const drops: [number, boolean][] = [];
    const own = await serveUi(page, 0, { onDrop: (cap, byFiles) => drops.push([cap, byFiles]) });
    const { port } = new URL(own.url);
    const sockets = await Promise.all(Array.from({ length: UI_MAX_CONNECTIONS + 6 }, () => new Promise<Socket>((resolve) => {
      const s = connect(Number(port), UI_HOST, () => resolve(s));
      s.on('error', () => undefined);
    })));
    const closed = () => sockets.filter((s) => s.destroyed || s.readableEnded).length;
    for (let i = 0; i < 50 && closed() < 6; i++) await new Promise((r) => setTimeout(r, 20));
    expect(closed()).toBe(6);
    expect(drops[0]).toEqual([UI_MAX_CONNECTIONS, false]);
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const answer = await new Promise<number>((resolve, reject) => request(own.url, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end());
    expect(answer).toBe(200);
    await own.close();
  });
});

// Leftover 32: the close of silent and unfinished connections (UI_REQUEST_TIMEOUT_MS, 10 s) was checked by hand only.
// serveUi takes the timeout (UiServeOptions.timeoutMs), here 300 ms: each connection below is closed by the server
// after it, not before, while a request made in full meanwhile gets its page. On the old code serveUi took no timeout and
// held them for 10 s: every row fails (not closed within 3 s).
describe('the page server closes silent and unfinished connections after its timeout', () => {
  const TIMEOUT = 300;
  it.each([
    { name: 'a connection that sends nothing', sent: '' },
    { name: 'a request line and no end of headers', sent: 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n' },
    { name: 'a request whose body never comes', sent: 'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\nabc' },
  ])('$name', async ({ sent }) => {
    const own = await serveUi(page, 0, { timeoutMs: TIMEOUT });
    try {
      const { port } = new URL(own.url);
      const opened = Date.now();
      const closedAfter = new Promise<number>((resolve) => {
        const s = connect(Number(port), UI_HOST, () => (sent ? s.write(sent) : undefined));
        s.on('error', () => undefined);
        s.on('close', () => resolve(Date.now() - opened));
        s.resume();
      });
      // A real request, made while the silent one is held: served in full.
      const status = await new Promise<number>((resolve, reject) => request(own.url, (res) => (res.resume(), resolve(res.statusCode!))).on('error', reject).end());
      expect(status).toBe(200);
      const after = await Promise.race([closedAfter, new Promise<number>((r) => setTimeout(() => r(Infinity), 3_000))]);
      // Node's timers fire at, not before, their time (a few ms' slack for the clock read before connect).
      expect(after).toBeGreaterThanOrEqual(TIMEOUT - 20);
      expect(after).toBeLessThan(3_000);
    } finally {
      await own.close();
    }
  });
});
