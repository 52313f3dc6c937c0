/**
 * Headless Chromium for the browser tests, from the npm dependency tree: @sparticuz/chromium ships a
 * compressed Chromium build inside its tarball and unpacks it on first use, so `npm ci && npm test`
 * needs nothing beyond Node. It unpacks into os.tmpdir(); the temporary folder is pointed at a cache
 * named after the package version while it does, so files left in /tmp by another version (which it
 * would reuse) cannot be mixed with this one's.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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

/**
 * A screenshot kept as a test artifact, for a person to look at; not what a browser test asserts (its DOM checks
 * are). Chromium answers "Unable to capture screenshot" under a loaded CPU (about one full run in four on a
 * 2-core machine shared with other test processes; three tries in a row once): tried again after a pause and,
 * failing five times, left out with a warning (the previous run's picture removed first, so none is mistaken for
 * this run's). Any other error fails the test. `animations: 'disabled'` ends finite CSS transitions for the picture.
 */
export async function artifactScreenshot(page: Page, path: string, fullPage: boolean): Promise<void> {
  rmSync(path, { force: true });
  for (let attempt = 1; attempt <= 5; attempt++) {
    try {
      await page.screenshot({ path, fullPage, animations: 'disabled' });
      return;
    } catch (err) {
      if (!String(err).includes('Unable to capture screenshot')) throw err;
      if (attempt === 5) console.warn(`browser test: no screenshot ${path} (Chromium: Unable to capture screenshot, 5 tries)`);
      else await new Promise((done) => setTimeout(done, 300 * attempt));
    }
  }
}
