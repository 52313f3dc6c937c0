/**
 * `flopcast ui`: serves the interactive page (dist/ui.html, built by scripts/bundle.mjs from
 * src/ui) on 127.0.0.1 only. The page computes everything itself; the server answers a GET or HEAD
 * of the page (any query string; origin or absolute form) and of /favicon.ico (204), 405 to another
 * method there or on the server (`OPTIONS *`, CONNECT), 404 to every other path, 400 to a malformed target or more than
 * one Host, and 421 to a Host other than the loopback's ({@link uiAnswer}). It never opens a browser; Ctrl-C (SIGINT) or SIGTERM
 * closes it and the command exits 0.
 */
import { closeSync, openSync, readFileSync } from 'node:fs';
import { devNull } from 'node:os';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { PACKAGE_ROOT } from '../../paths.js';
import { PAGE_CSP } from '../../ui/page.js';
import { DESCRIPTORS_HINT, descriptorsExhausted, ResourceError, UsageError } from '../errors.js';
import { json, type Io } from '../output.js';

/** Loopback only: the page is for the person at this machine, never for the network. */
export const UI_HOST = '127.0.0.1';
/** A fixed default (policy, not a standard), so that a link to a view still works after a restart; --port 0 picks a free one. */
const UI_DEFAULT_PORT = 7341;

/** What the page and the favicon answer (RFC 9110 §9.1: a general-purpose server supports GET and HEAD); any other method is 405. */
export const UI_METHODS = 'GET, HEAD';

export const UI_PAGE_FILE = join(PACKAGE_ROOT, 'dist', 'ui.html');

/**
 * The most connections the page's server holds at once (policy): a browser opens six to one host (Chrome's and Firefox's
 * per-host limit), so 64 leaves room for several tabs; a connection over the cap is closed as it comes (Node's
 * maxConnections), and an idle or unfinished one after {@link UI_REQUEST_TIMEOUT_MS}.
 */
export const UI_MAX_CONNECTIONS = 64;
/** How long a request may take to arrive whole, and a connection stay silent: a page's come at once; connections opened and left held the server's descriptors (for good, silent ones). */
export const UI_REQUEST_TIMEOUT_MS = 10_000;

/**
 * How many connections the server may hold, given how many more files the process may open once it listens (`free`):
 * one descriptor each, and one kept to accept a connection over the cap only to close it. Fewer than two (the page
 * and its favicon) is refused, naming EMFILE: under `ulimit -n 20` the server listened, said it was serving, and
 * closed every connection unanswered; past the limit, connections were dropped with no word (hostile sweep 30).
 */
export function uiConnectionCap(free: number): number | ResourceError {
  const cap = Math.min(UI_MAX_CONNECTIONS, free - 1);
  if (cap >= 2) return cap;
  return new ResourceError(`no room for the page's connections: ${free} more file${free === 1 ? '' : 's'} may be opened, and the server needs 3 (too many open files, EMFILE)`, DESCRIPTORS_HINT);
}

/** How many more files this process may open, up to `cap`: that many of the null device opened, then closed; EMFILE or ENFILE ends the count. */
function freeDescriptors(cap: number): number {
  const fds: number[] = [];
  try {
    while (fds.length < cap) fds.push(openSync(devNull, 'r'));
  } catch (err) {
    if (descriptorsExhausted(err) === undefined) throw err;
  } finally {
    for (const fd of fds) closeSync(fd);
  }
  return fds.length;
}

export interface UiServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The path of a request target as written, its query left off. The absolute form (`GET
 * http://127.0.0.1:7341/ HTTP/1.1`) names the same resource as the origin form and a server must accept
 * it (RFC 9112 §3.2.2); its empty path is "/" (RFC 9110 §4.2.3). Nothing is normalised: `/../x` stays
 * itself, and is not found.
 */
function targetPath(target: string): string {
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  const rest = absolute ? target.slice(absolute[0].length) : target;
  const path = rest.split('?')[0]!;
  return absolute && path === '' ? '/' : path;
}

/** An absolute-form target a URL parser takes: `http://[::1/` (an unclosed IPv6 host) or a port past 65535 was served as `/`. */
function isAbsoluteUrl(target: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(target)) return false;
  try {
    new URL(target);
    return true;
  } catch {
    return false;
  }
}

/** What the server does with a request: serve the page or the favicon, or answer a status (with Allow for 405). */
export type UiAnswer = { serve: 'page' | 'favicon' } | { status: 400 | 404 | 405 | 421; body: string };

/** The names this machine's loopback goes by, which a browser's Host header (or an absolute target) gives for the page. */
const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Whether an authority (a Host header's value, or an absolute target's `host[:port]`) names this machine's loopback, on
 * any port (an SSH tunnel forwards another). A page on another site whose name was made to resolve to 127.0.0.1 (DNS
 * rebinding) sends its own name, and was served the page as if it were the page's own origin (hostile sweep 21).
 */
function isLoopbackAuthority(authority: string): boolean {
  const host = /^(\[[^\]]*\]|[^:]*)(?::\d*)?$/.exec(authority.trim().toLowerCase())?.[1];
  return host !== undefined && LOOPBACK_NAMES.has(host.replace(/\.$/, ''));
}

/**
 * The one rule for a request line (RFC 9112 §3.2, RFC 9110 §15.5): more than one Host line is 400; a Host (or an
 * absolute target's authority) other than the loopback's is 421; CONNECT is 405 (no proxy here); a target in none of the forms a server takes
 * from a client (origin `/…`, absolute `http://…/…`, asterisk `*`) is 400; the asterisk form is OPTIONS's alone
 * (RFC 9112 §3.2.4), and under another method 400; a path other than the page's or the favicon's is 404; then
 * any method but GET and HEAD, on the page, the favicon or the server as a whole (`OPTIONS *`), is 405 with Allow.
 * `OPTIONS *` was 404, as if the server did not exist.
 */
export function uiAnswer(method: string, target: string, host?: string | readonly string[]): UiAnswer {
  // RFC 9110 §15.5.6: a 405 names the methods the resource takes in Allow.
  const notAllowed: UiAnswer = { status: 405, body: 'method not allowed\n' };
  // RFC 9110 §15.5.20: 421, a request for an authority this server does not answer for. A request without Host
  // (HTTP/1.0) comes from no browser, which always sends one.
  const misdirected: UiAnswer = { status: 421, body: `misdirected request: this server answers for ${UI_HOST} and localhost only\n` };
  // RFC 9112 §3.2: a request with more than one Host line is 400; Node keeps the first and drops the rest, so
  // `Host: 127.0.0.1` then `Host: evil.example` was served the page (hostile sweep 30).
  const hosts = host === undefined ? [] : typeof host === 'string' ? [host] : host;
  if (hosts.length > 1) return { status: 400, body: 'bad request: more than one Host header\n' };
  if (hosts[0] !== undefined && !isLoopbackAuthority(hosts[0])) return misdirected;
  // The server is no proxy (RFC 9110 §9.3.6): CONNECT, whose target is an authority (`host:port`), is 405 like any
  // other method. Node closed the connection without an answer.
  if (method === 'CONNECT') return notAllowed;
  if (target === '*') return method === 'OPTIONS' ? notAllowed : { status: 400, body: 'bad request target: * is for OPTIONS only\n' };
  if (!target.startsWith('/') && !isAbsoluteUrl(target)) return { status: 400, body: 'bad request target\n' };
  if (!target.startsWith('/') && !isLoopbackAuthority(new URL(target).host)) return misdirected;
  const path = targetPath(target);
  if (path !== '/' && path !== '/favicon.ico') return { status: 404, body: 'not found\n' };
  if (method !== 'GET' && method !== 'HEAD') return notAllowed;
  return { serve: path === '/' ? 'page' : 'favicon' };
}

/** A refusal's headers, whether answered by Node (a request) or written on the raw socket (CONNECT): its text, and a 405's Allow (RFC 9110 §15.5.6). */
function refusalHeaders(status: number): Record<string, string> {
  return { ...(status === 405 ? { allow: UI_METHODS } : {}), 'content-type': 'text/plain; charset=utf-8' };
}

/** What {@link serveUi} takes besides the page and the port. */
export interface UiServeOptions {
  /** Told when a connection over the cap is closed, with the cap and whether the limit on open files set it. */
  onDrop?: (cap: number, byFiles: boolean) => void;
  /** How long a request may take to arrive whole, and a connection stay silent, in ms (default {@link UI_REQUEST_TIMEOUT_MS}; a test's shorter). */
  timeoutMs?: number;
}

export function serveUi(page: string, port: number, { onDrop, timeoutMs = UI_REQUEST_TIMEOUT_MS }: UiServeOptions = {}): Promise<UiServer> {
  // node:http is loaded here, not at start-up, where it would cost every other command ~8 ms of CPU.
  // Not by `import()`: the bundle runs in a vm.Script (bin/flopcast.cjs), which has no dynamic import.
  const { createServer, STATUS_CODES } = process.getBuiltinModule('node:http');
  const body = Buffer.from(page, 'utf8');
  // Every Host line as sent: req.headers.host keeps the first of several.
  const hostsOf = (req: IncomingMessage) => req.rawHeaders.filter((_, i, all) => i % 2 === 1 && all[i - 1]!.toLowerCase() === 'host');
  // Node checks the request and headers timeouts every connectionsCheckingInterval: once a second, or as often as the timeout.
  const server: Server = createServer({ requestTimeout: timeoutMs, headersTimeout: timeoutMs, connectionsCheckingInterval: Math.min(1_000, timeoutMs) }, (req, res) => {
    const answer = uiAnswer(req.method ?? '', req.url ?? '', hostsOf(req));
    if ('status' in answer) {
      res.writeHead(answer.status, refusalHeaders(answer.status)).end(answer.body);
    } else if (answer.serve === 'page') {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': body.length,
        'content-security-policy': PAGE_CSP,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      });
      // HEAD: the same headers, no body (RFC 9110 §9.3.2).
      res.end(req.method === 'GET' ? body : undefined);
    } else {
      res.writeHead(204).end();
    }
  });
  // A CONNECT hands the raw socket over (Node closes it unanswered when nobody listens): answer it by the same rule.
  server.on('connect', (req: IncomingMessage, socket: Duplex) => {
    socket.on('error', () => socket.destroy());
    const answer = uiAnswer(req.method ?? '', req.url ?? '', hostsOf(req));
    const status = 'status' in answer ? answer : { status: 405, body: 'method not allowed\n' };
    const headers = { ...refusalHeaders(status.status), 'content-length': String(Buffer.byteLength(status.body, 'utf8')), connection: 'close' };
    socket.end(`HTTP/1.1 ${status.status} ${STATUS_CODES[status.status]}\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n${status.body}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      // EMFILE (`listen EMFILE: too many open files`) is told by reportError's rule for it (src/cli/errors.ts).
      reject(err.code === 'EADDRINUSE'
        ? new UsageError(`port ${port} on ${UI_HOST} is in use`, 'give another with --port N, or --port 0 for any free port')
        : err.code === 'EACCES' ? new UsageError(`port ${port} on ${UI_HOST} needs privileges`, 'give a port above 1023 with --port N') : err);
    });
    server.listen(port, UI_HOST, () => {
      const cap = uiConnectionCap(freeDescriptors(UI_MAX_CONNECTIONS + 1));
      if (cap instanceof ResourceError) {
        server.close(() => reject(cap));
        return;
      }
      server.maxConnections = cap;
      // A connection silent that long is closed (Node's headersTimeout counts from a request's first byte: connections
      // opened and left silent held their slots for good).
      server.setTimeout(timeoutMs);
      server.on('drop', () => onDrop?.(cap, cap < UI_MAX_CONNECTIONS));
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://${UI_HOST}:${bound}/`,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function readPage(): string {
  try {
    return readFileSync(UI_PAGE_FILE, 'utf8');
  } catch (err) {
    // Missing only where it is: under the limit on open files it was 'missing; run npm run build' (hostile sweep 30).
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    throw new Error(`${UI_PAGE_FILE} is missing; run \`npm run build\``);
  }
}

export function uiCommand(y: Argv, io: Io): Argv {
  return y.command(
    'ui',
    'Serve an interactive page on 127.0.0.1: pick a model, GPUs, counts and prices, and see time, cost, energy and the charts update as you type',
    (c) =>
      c
        .option('port', { type: 'string', default: String(UI_DEFAULT_PORT), describe: 'port on 127.0.0.1 (0: any free port)' })
        .example('$0 ui', `then open http://${UI_HOST}:${UI_DEFAULT_PORT}/ in a browser`)
        .example('$0 ui --port 0 --json', 'any free port; prints {"url": ...}'),
    async (argv) => {
      // Read as text: yargs' numbers take `''` for 0 (any port), `0x10` for 16 and `abc` for NaN.
      // --out is every command's, but the page writes no file: it was ignored, the server started all the same.
      if (argv.out !== undefined) throw new UsageError('flopcast ui serves a page and writes no file: --out is not read', 'leave --out out; --json prints {"url": ...} on stdout, and the page downloads its scenario and report');
      const text = String(argv.port).trim();
      const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
      if (!(port <= 65535)) throw new UsageError(`--port must be an integer from 0 to 65535, found "${text}"`);
      // Said once a burst (again 10 s after the last): a flood of connections would print a line each.
      let quietUntil = 0;
      const server = await serveUi(readPage(), port, {
        onDrop: (cap, byFiles) => {
          if (Date.now() < quietUntil) return;
          quietUntil = Date.now() + UI_REQUEST_TIMEOUT_MS;
          io.stderr(`flopcast ui: ${cap} connections are open, the most it holds${byFiles ? ' under the limit on open files (EMFILE past it)' : ''}: new ones are closed until idle ones end (after ${UI_REQUEST_TIMEOUT_MS / 1000} s)\n`);
        },
      });
      if (argv.json) io.stdout(json({ url: server.url }));
      else io.stdout(`flopcast ui: ${server.url}\n`);
      io.stderr('serving on 127.0.0.1 only; press Ctrl-C to stop\n');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await server.close();
      io.stderr('stopped\n');
    },
  );
}
