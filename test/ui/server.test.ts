/**
 * The server of `flopcast ui`: the page and a favicon, nothing else; loopback only; the command
 * prints its URL (--json: {url}), and Ctrl-C ends it with exit 0.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveUi, UI_HOST, UI_PAGE_FILE, type UiServer } from '../../src/cli/commands/ui.js';
import { PAGE_CSP } from '../../src/ui/page.js';
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
    ['POST', '/'],
    ['PUT', '/'],
    ['DELETE', '/'],
    ['HEAD', '/'],
    ['OPTIONS', '/'],
  ])('answers %s %s with 404', async (method, path) => {
    expect((await fetchRaw(method, path)).status).toBe(404);
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

  // Read as text: yargs' numbers would take '' and ' ' for 0 (serve on any port), 0x10 for 16, abc for NaN.
  it.each(['70000', '-1', '1.5', 'abc', '', ' ', '0x10', '0o17', '1e3', 'Infinity'])('refuses --port %j with exit 2, quoting it', async (port) => {
    const r = await runCli(['ui', '--port', port]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`error: --port must be an integer from 0 to 65535, found "${port.trim()}"\n  hint: run with --help for usage\n`);
  });
});
