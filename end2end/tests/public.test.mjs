// The public key-figures page in a real browser: figures after hydration, language switch,
// sign-in and the project list, and an axe-core scan of every page with no violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, DEMO_PASSWORD } from './helpers.mjs';

const browser = browserForFile();

test('home page shows the published figures after hydration, switches language, and passes axe', async () => {
  const context = await browser.newContext({ locale: 'fi-FI' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  await page.goto(`${BASE_URL}/`);
  await hydrated(page);
  assert.equal(await page.locator('h1').innerText(), 'Innokaupungit lukuina');
  const values = await page.locator('[data-testid="figure-value"]').allInnerTexts();
  for (const shown of ['214', '403', '103,5\u00a0M€', '61,6\u00a0M€', '30\u00a0M€', '611', '2\u00a0712', '987']) {
    assert.ok(values.includes(shown), `figure ${shown} in ${JSON.stringify(values)}`);
  }
  assert.deepEqual(await axeViolations(page), [], 'no accessibility violations (fi)');

  await page.getByRole('button', { name: 'Svenska' }).click();
  await page.waitForURL(`${BASE_URL}/`);
  await hydrated(page);
  assert.equal(await page.locator('h1').innerText(), 'Innostäder i siffror');
  assert.equal(await page.locator('html').getAttribute('lang'), 'sv');
  assert.deepEqual(await axeViolations(page), [], 'no accessibility violations (sv)');

  await page.getByRole('button', { name: 'English' }).click();
  await hydrated(page);
  assert.equal(await page.locator('h1').innerText(), 'InnoCities in figures');
  assert.deepEqual(errors, [], 'no script errors');
  await context.close();
});

test('a national coordinator signs in and browses the projects by keyboard-usable forms', async () => {
  const context = await browser.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/projects`);
  await page.waitForURL(/\/login/);
  await hydrated(page);
  assert.deepEqual(await axeViolations(page), [], 'no accessibility violations on /login');

  await page.getByLabel('Email address').fill('national@innocities.example');
  await page.getByLabel('Password').fill(DEMO_PASSWORD);
  await page.getByLabel('Password').press('Enter');
  await page.waitForURL(/\/projects/);
  await hydrated(page);
  await page.getByTestId('project-summary').waitFor();
  assert.match(await page.getByTestId('project-summary').innerText(), /^214 projects/);
  assert.deepEqual(await axeViolations(page), [], 'no accessibility violations on /projects');

  await page.getByLabel('City region').selectOption('kokkola');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/region=kokkola/);
  await page.getByTestId('project-summary').waitFor();
  assert.match(await page.getByTestId('project-summary').innerText(), /^9 projects/);

  // Sorting by a column heading keeps the filter; searching finds a package by its code.
  await page.getByRole('link', { name: 'Planned funding' }).click();
  await page.waitForURL(/sort=funding/);
  await page.getByTestId('project-summary').waitFor();
  assert.match(page.url(), /region=kokkola/);
  assert.equal(await page.locator('th[aria-sort="ascending"]').count(), 1);
  await page.getByLabel('Search by name or code').fill('A73001');
  await page.getByLabel('City region').selectOption('');
  await page.getByRole('button', { name: 'Show' }).click();
  await page.waitForURL(/q=A73001/);
  await page.getByTestId('project-summary').waitFor();
  assert.match(await page.getByTestId('project-summary').innerText(), /^1 project,/);
  assert.deepEqual(await axeViolations(page), [], 'no accessibility violations on the sorted, searched list');
  await context.close();
});
