// The dashboards in a real browser: the ministry viewer opens the national dashboard with
// the map, follows a region's bubble to its dashboard, opens a frozen period and downloads a
// table as CSV; every page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, signedIn } from './helpers.mjs';

const browser = browserForFile();

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

test('two periods compare side by side, and the dashboard prints as an A4 period report', async () => {
  const page = await signedIn(browser, 'ministry@innocities.example');
  await page.goto(`${BASE_URL}/dashboard`);
  await hydrated(page);
  // The map's bubbles sized by an indicator, whose figures then stand in a table too.
  await page.getByLabel('Size bubbles by').selectOption({ index: 2 });
  await page.getByRole('button', { name: 'Resize the bubbles' }).click();
  await page.waitForURL(/size=/);
  const byRegion = page.getByTestId('indicator-by-region');
  await byRegion.waitFor();
  assert.equal(await byRegion.getByRole('row').count(), 17, 'a heading and 16 regions');
  // The comparison: by default the closed period against now; chosen from the form.
  const compare = page.getByTestId('compare');
  await compare.getByRole('columnheader', { name: '2025H2' }).waitFor();
  await compare.getByRole('columnheader', { name: 'Now' }).waitFor();
  await compare.getByRole('rowheader', { name: 'Planned funding' }).waitFor();
  await page.getByLabel('From', { exact: true }).selectOption('now');
  await page.getByLabel('To', { exact: true }).selectOption('2025H2');
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.waitForURL(/from=now&to=2025H2/);
  await compare.getByRole('columnheader').nth(1).filter({ hasText: 'Now' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the comparison passes axe');

  // Printed on A4: no navigation, filters or forms; the print note; nothing wider than the page.
  // A4's printable width: 210 mm less the 15 mm margins, at 96 px per inch.
  await page.setViewportSize({ width: 680, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('form.filters').first().isVisible(), false, 'filters are not printed');
  assert.equal(await page.locator('.site-header nav').isVisible(), false, 'navigation is not printed');
  assert.equal(await page.getByText('Printed from InnoCities Monitor.').isVisible(), true);
  const overflow = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('main table, main svg')]
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => el.closest('section')?.querySelector('h2')?.textContent ?? el.tagName);
  });
  assert.deepEqual(overflow, [], 'every table and chart fits the printed page');
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const text = pdf.toString('latin1');
  assert.ok(text.startsWith('%PDF'), 'a PDF');
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)];
  assert.ok(boxes.length > 0, 'pages with a media box');
  for (const [, w, h] of boxes) {
    assert.ok(Math.abs(Number(w) - 595.3) < 2 && Math.abs(Number(h) - 841.9) < 2, `an A4 page: ${w} × ${h}`);
  }
});
