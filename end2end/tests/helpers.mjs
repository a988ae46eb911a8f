// Shared set-up for the browser tests: Debian's Chromium driven by playwright-core, and an
// axe-core scan that fails on any WCAG 2.1 A/AA violation.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const BASE_URL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
export const DEMO_PASSWORD = 'InnoCities-demo-2026';

// What each page printed to its console as an error, and the errors it threw: a page that
// fails to hydrate says why in the test's failure instead of only timing out.
const pageErrors = new WeakMap();

function recordErrors(context) {
  context.on('page', (page) => {
    const errors = [];
    pageErrors.set(page, errors);
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  });
  return context;
}

/** Chromium whose every new context records its pages' errors (see `hydrated`). */
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => recordErrors(await newContext(options));
  return browser;
}

/** Waits until the server answers /healthz (cargo leptos starts it just before the tests). */
export async function waitForServer(timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${BASE_URL}/healthz`);
      if (response.ok) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`server did not answer at ${BASE_URL}: ${lastError}`);
}

/** Waits until the wasm bundle has hydrated the page. */
export async function hydrated(page) {
  try {
    await page.waitForSelector('html[data-hydrated="true"]', { timeout: 30_000 });
  } catch (error) {
    const seen = (pageErrors.get(page) ?? []).join('\n  ');
    error.message += `\n${page.url()} did not hydrate; the page reported:\n  ${seen || '(nothing)'}`;
    throw error;
  }
}

/** Runs axe-core on the page and returns the WCAG 2.1 A/AA violations. */
export async function axeViolations(page) {
  await page.addScriptTag({ content: axeSource });
  const results = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }),
  );
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
  }));
}

/**
 * The Chromium of one test file: launched once the server answers, before the file's tests,
 * and closed after them. Its `newContext` opens a fresh context (cookies, locale) in it.
 */
export function browserForFile() {
  let browser;
  before(async () => {
    await waitForServer();
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
  });
  return { newContext: (options) => browser.newContext(options) };
}

/** A new English-language tab of `browser`, signed in as `email` with the demo password. */
export async function signedIn(browser, email) {
  const page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await page.goto(`${BASE_URL}/login`);
  await hydrated(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/projects/);
  return page;
}

/** Waits until `locator` shows exactly `text` (pages reload their data after a save). */
export async function shows(locator, text) {
  await locator.filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).waitFor();
}
