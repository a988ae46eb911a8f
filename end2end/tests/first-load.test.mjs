// What a page ships, measured in Chromium as a phone on a train would meet it: the script
// and wasm bytes transferred on a first visit (within the budgets of issue 13), none again
// on the next page of the visit, and the built files served precompressed with a cache
// policy that lets the browser keep them. The figures are printed for the issue's notes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { browserForFile, hydrated, signedIn, BASE_URL } from './helpers.mjs';

// The site as the release build wrote it (cargo-leptos's site-root, from the workspace).
const SITE = new URL('../../target/site', import.meta.url).pathname;

const browser = browserForFile();

// Compressed script and wasm a first visit may transfer.
const BUDGET_HOME = 150_000;
const BUDGET_ANY = 300_000;

/** The files the page fetched, with the bytes each transferred and its body as sent. */
async function shipped(page) {
  return page.evaluate(() =>
    performance.getEntriesByType('resource').map((e) => ({
      url: new URL(e.name).pathname,
      transferred: e.transferSize,
      body: e.encodedBodySize,
      decoded: e.decodedBodySize,
    })),
  );
}

const isCode = (file) => /\.(js|wasm)$/.test(file.url);
const sum = (files) => files.reduce((total, file) => total + file.transferred, 0);

function report(label, files) {
  const rows = files.map((f) => `    ${f.url}: ${f.transferred} B transferred, ${f.decoded} B unpacked`);
  console.log(`${label}: ${sum(files.filter(isCode))} B of script and wasm\n${rows.join('\n')}`);
}

test('a first visit stays within the script budget and a second page fetches no script again', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  const home = await shipped(page);
  report('/ (first visit)', home);
  const code = home.filter(isCode);
  assert.ok(code.some((f) => f.url.endsWith('.wasm')), 'the page loads its wasm');
  assert.ok(sum(code) <= BUDGET_HOME, `/ ships ${sum(code)} B of script and wasm`);

  await page.getByRole('link', { name: 'Sign in' }).first().click();
  await page.waitForURL(/\/login/);
  await hydrated(page);
  const next = await shipped(page);
  report('/login (second page)', next);
  assert.equal(sum(next.filter(isCode)), 0, 'the second page fetches no script or wasm');
  await context.close();
});

test('the heaviest pages stay within the budget', async () => {
  const page = await signedIn(browser, 'national@innocities.example');
  for (const path of ['/projects', '/dashboard', '/projects/1', '/reporting', '/publication']) {
    // A fresh cache each time: every page as a first visit.
    const fresh = await (await browser.newContext({ locale: 'en-GB', storageState: await page.context().storageState() })).newPage();
    await fresh.goto(`${BASE_URL}${path}`);
    await hydrated(fresh);
    const files = await shipped(fresh);
    report(`${path} (first visit)`, files);
    assert.ok(sum(files.filter(isCode)) <= BUDGET_ANY, `${path} ships ${sum(files.filter(isCode))} B`);
    await fresh.context().close();
  }
  await page.context().close();
});

test('built files are precompressed, named by their content and kept for a year', async () => {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  const files = (await shipped(page)).filter((f) => f.url.startsWith('/pkg/'));
  assert.ok(files.length >= 3, `script, wasm and style sheet: ${JSON.stringify(files)}`);
  for (const file of files) {
    assert.match(file.url, /\/innocities\.[A-Za-z0-9_-]{8,}\.(js|wasm|css)$/, 'a hashed name');
    for (const encoding of ['br', 'gzip']) {
      const response = await fetch(`${BASE_URL}${file.url}`, { headers: { 'accept-encoding': encoding } });
      assert.equal(response.status, 200, file.url);
      assert.equal(response.headers.get('content-encoding'), encoding, `${file.url} as ${encoding}`);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
      assert.equal(response.headers.get('set-cookie'), null, 'no session for a file');
      await response.arrayBuffer();
    }
    const sizes = ['', '.br', '.gz']
      .filter((suffix) => existsSync(`${SITE}${file.url}${suffix}`))
      .map((suffix) => `${suffix || 'plain'} ${statSync(`${SITE}${file.url}${suffix}`).size} B`);
    console.log(`    ${file.url}: ${sizes.join(', ')}`);
  }
  const html = await fetch(`${BASE_URL}/`);
  assert.equal(html.headers.get('cache-control'), 'private, no-cache');
  await page.context().close();
});
