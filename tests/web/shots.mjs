// Screenshots of the web view's pages at two widths: playwright-core driving Debian's /usr/bin/chromium.
//
//   node tests/web/shots.mjs --base http://127.0.0.1:PORT --out docs/web --pages '[["corpus", "/"], ...]'
//
// Each page is shot at 1400 px and 400 px wide (NAME-1400.png, NAME-400.png), after its script has drawn
// (graph, dyad, charts). Prints one JSON line: {shots: [...], problems: [...]} (script errors, CSP
// violations, requests leaving the server, horizontal overflow at 400 px).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
const BASE = args.base;
const OUT = args.out || 'artifacts/web';
const PAGES = JSON.parse(args.pages);
const WIDTHS = (args.widths || '1400,400').split(',').map(Number);
fs.mkdirSync(OUT, { recursive: true });

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cablegram-shots-'));
const shots = [];
const problems = [];
const overflow = {};
let ctx;
try {
  ctx = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--hide-scrollbars'],
    viewport: { width: 1400, height: 900 }, serviceWorkers: 'block',
  });
  await ctx.route((url) => !url.href.startsWith(BASE), (route) => route.abort());
  for (const width of WIDTHS) {
    const page = await ctx.newPage();
    await page.setViewportSize({ width, height: width < 600 ? 860 : 900 });
    page.on('pageerror', (e) => problems.push(`${width}: pageerror ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error') problems.push(`${width}: console ${m.text()}`); });
    page.on('request', (r) => { if (!r.url().startsWith(BASE)) problems.push(`${width}: request to ${r.url()}`); });
    for (const [name, url, action] of PAGES) {
      await page.goto(`${BASE}${url}`);
      if (url.startsWith('/graph')) await page.waitForSelector('body[data-graph-ready="yes"]', { timeout: 30000 });
      if (url.startsWith('/dyad')) await page.waitForSelector('body[data-dyad-ready="yes"]', { timeout: 30000 });
      if (await page.locator('[data-chart]').count()) await page.waitForSelector('[data-chart][data-drawn="yes"]', { timeout: 30000 });
      if (action === 'click-trigger') {
        const trig = page.locator('.text .seg.trig').first();
        if (await trig.count()) { await trig.click(); await page.evaluate(() => window.scrollTo(0, 0)); }
      } else if (action && action.startsWith('click-edge:')) {
        const [s, t] = action.slice(11).split('-');
        const id = await page.evaluate(([s, t]) => {
          const e = window.cg.cy.edges().filter((e) => (e.data('source') === s && e.data('target') === t) ||
            (e.data('source') === t && e.data('target') === s)).sort((a, b) => b.data('count') - a.data('count'))[0];
          if (e) { e.select(); e.emit('tap'); return e.id(); }
          return null;
        }, [s, t]);
        if (id) await page.waitForSelector('#edge-events li', { timeout: 10000 }).catch(() => {});
      }
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      overflow[`${name}-${width}`] = wide;
      if (width < 600 && wide > 2) problems.push(`${name} at ${width} px overflows by ${wide} px`);
      const file = path.join(OUT, `${name}-${width}.png`);
      await page.screenshot({ path: file, fullPage: false });
      shots.push(file);
    }
    await page.close();
  }
} catch (err) {
  problems.push(String(err && err.stack || err));
} finally {
  if (ctx) await ctx.close().catch(() => {});
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify({ shots, problems, overflow }) + '\n');
process.exit(problems.length ? 1 : 0);
