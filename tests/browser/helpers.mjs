// Shared by the browser tests and bench/web.mjs: the static server on a free port and headless Chromium.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, stats } from '../../scripts/serve.mjs';

export { stats };

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

export async function start() {
  const { server, url } = await serve(0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update',
      '--disable-sync'],  // playwright gives every launch a fresh profile directory of its own
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    url, browser,
    async page(options = {}) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, ...options });
      page.errors = [];
      page.on('pageerror', (e) => page.errors.push(String(e)));
      page.on('console', (m) => { if (m.type() === 'error') page.errors.push(m.text()); });
      return page;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

export const shot = (page, name) => page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
