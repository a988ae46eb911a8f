// The dashboards in a real browser: the ministry viewer opens the national dashboard with
// the map, follows a region's bubble to its dashboard, opens a frozen period and downloads a
// table as CSV; every page passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, waitForServer, hydrated, axeViolations, BASE_URL, signedIn } from './helpers.mjs';

let browser;

before(async () => {
  await waitForServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the ministry viewer reads the national dashboard, a region and a frozen period', async () => {
  const page = await signedIn(browser, 'ministry@innocities.example');
  await page.getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForURL(/\/dashboard/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'National dashboard' }).waitFor();
  assert.equal(await page.getByTestId('data-basis').innerText(), 'Figures from approved reports.');
  assert.equal(await page.getByLabel('Include drafts and submitted reports').count(), 0,
    'the ministry sees approved data only');
  await page.getByRole('group', { name: /City regions on the map/ }).waitFor();
  assert.equal(await page.getByTestId('by-region').getByRole('row').count(), 17, 'a heading and 16 regions');
  assert.deepEqual(await axeViolations(page), [], 'the national dashboard passes axe');

  // A region's bubble leads to its dashboard.
  await page.locator('a.map-bubble', { hasText: 'Tampere' }).click();
  await page.waitForURL(/region=tampere/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'Dashboard: Tampere' }).waitFor();
  assert.equal(await page.getByTestId('by-region').getByRole('row').count(), 2);

  // The closed period's frozen roll-up.
  await page.goto(`${BASE_URL}/dashboard`);
  await hydrated(page);
  await page.getByTestId('trend').getByRole('link', { name: '2025H2' }).click();
  await page.waitForURL(/snapshot=2025H2/);
  await hydrated(page);
  await page.getByTestId('frozen').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'a frozen dashboard passes axe');

  const csv = await page.request.get(`${BASE_URL}/dashboard/regions.csv`);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /tampere/);
});
