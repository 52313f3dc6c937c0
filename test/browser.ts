/**
 * Headless Chromium for the browser tests, from the npm dependency tree: @sparticuz/chromium ships a
 * compressed Chromium build inside its tarball and unpacks it on first use, so `npm ci && npm test`
 * needs nothing beyond Node. It unpacks into os.tmpdir(); the temporary folder is pointed at a cache
 * named after the package version while it does, so files left in /tmp by another version (which it
 * would reuse) cannot be mixed with this one's.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

const require = createRequire(import.meta.url);

async function chromiumExecutable(): Promise<string> {
  // The package exports no ./package.json; its folder is found from the entry point's path.
  const root = require.resolve('@sparticuz/chromium').replace(/[\\/]build[\\/].*$/, '');
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const cache = join(root, '..', '..', '.cache', `flopcast-chromium-${version}`);
  mkdirSync(cache, { recursive: true });
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = cache;
  try {
    const { default: sparticuz } = await import('@sparticuz/chromium');
    return await sparticuz.executablePath();
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
}

export async function launchChromium(): Promise<Browser> {
  // The package's own argument list is for serverless hosts (--single-process, which ends the whole
  // browser when a test closes its page); these are the ordinary headless ones.
  return chromium.launch({
    executablePath: await chromiumExecutable(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
