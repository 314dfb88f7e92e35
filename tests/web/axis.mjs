// The time axes of pages as drawn in Debian's chromium: for each URL, each chart's ticks (date, x) and
// bars (bin start, x, width). Prints one JSON line; tests/web/test_web_wikinews.py checks the scale.
//   node tests/web/axis.mjs --base http://127.0.0.1:PORT --urls '["/dyad?a=USA&b=IRN", "/events"]'
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cablegram-axis-'));
const out = { pages: {}, problems: [] };
let ctx;
try {
  ctx = await chromium.launchPersistentContext(dir, { executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu'], viewport: { width: 1400, height: 900 } });
  await ctx.route((url) => !url.href.startsWith(args.base), (route) => route.abort());
  const page = await ctx.newPage();
  page.on('pageerror', (e) => out.problems.push(`pageerror ${e.message}`));
  for (const url of JSON.parse(args.urls)) {
    await page.goto(`${args.base}${url}`);
    if (url.startsWith('/dyad')) await page.waitForSelector('body[data-dyad-ready="yes"]', { timeout: 30000 });
    else await page.waitForSelector('[data-chart][data-drawn="yes"]', { timeout: 30000 });
    out.pages[url] = await page.evaluate(() => [...document.querySelectorAll('svg.time-chart')].map((svg) => ({
      unit: svg.querySelector('.x-axis').getAttribute('data-unit'),
      ticks: [...svg.querySelectorAll('.xtick')].map((g) => ({ date: g.getAttribute('data-date'),
        t: +g.getAttribute('data-t'), x: +g.querySelector('line').getAttribute('x1') })),
      bars: [...svg.querySelectorAll('rect.bar')].map((r) => ({ start: r.getAttribute('data-start'),
        x: +r.getAttribute('x') - 0.5, width: +r.getAttribute('width') + 1, n: +r.getAttribute('data-n') })),
      yticks: [...svg.querySelectorAll('text.ytick')].map((t) => t.textContent),
    })));
  }
} catch (err) {
  out.problems.push(String(err && err.stack || err));
} finally {
  if (ctx) await ctx.close().catch(() => {});
  fs.rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(out) + '\n');
