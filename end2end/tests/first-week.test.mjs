// What a first week of real use found, in a real browser: downloads that open "Page not
// found", a skip link dead after hydration, focus lost after a refused save, page titles,
// navigation off a phone's screen, dashboard tables and map labels that do not fit, codes
// where names belong, and the new pages (publication, reference data, accessibility
// statement with its feedback form), each scanned with axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { browserForFile, hydrated, axeViolations, BASE_URL, signedIn } from './helpers.mjs';

const browser = browserForFile();

/** Whether the page is wider than the window (a horizontal scroll of the whole page). */
async function overflows(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Pairs of the elements' boxes that overlap. */
async function overlapping(locator) {
  const boxes = (await locator.evaluateAll((els) => els.map((e) => {
    const r = e.getBoundingClientRect();
    return { text: e.textContent.trim(), x: r.x, y: r.y, w: r.width, h: r.height };
  }))).filter((b) => b.w > 0 && b.h > 0);
  const pairs = [];
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const [a, b] = [boxes[i], boxes[j]];
      if (a.x < b.x + b.w - 0.5 && b.x < a.x + a.w - 0.5 && a.y < b.y + b.h - 0.5 && b.y < a.y + a.h - 0.5) {
        pairs.push(`${a.text} / ${b.text}`);
      }
    }
  }
  return pairs;
}

test('dashboard CSV links download a file, with and without JavaScript, in the reader\'s convention', async () => {
  const page = await signedIn(browser, 'ministry@innocities.example');
  await page.goto(`${BASE_URL}/dashboard`);
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('by-source').getByRole('link', { name: /Download CSV/ }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'innocities-sources.csv');
  const english = readFileSync(await download.path(), 'utf8');
  assert.match(english, /^\uFEFF/, 'a byte-order mark for Excel');
  assert.match(english.split('\r\n')[1], /^EU,eu,\d+\.\d\d,/, 'English: commas and decimal points');
  assert.match(page.url(), /\/dashboard$/, 'the page stays; no "Page not found"');

  // Without JavaScript, in Finnish: semicolons and decimal commas, as a Finnish Excel reads.
  const context = await browser.newContext({ locale: 'fi-FI', javaScriptEnabled: false });
  await context.addCookies((await page.context().cookies()).filter((c) => c.name !== 'i18n_pref_locale'));
  const plain = await context.newPage();
  await plain.goto(`${BASE_URL}/dashboard`);
  const [finnish] = await Promise.all([
    plain.waitForEvent('download'),
    plain.getByTestId('by-region').getByRole('link', { name: /Lataa CSV/ }).click(),
  ]);
  const text = readFileSync(await finnish.path(), 'utf8');
  assert.match(text.split('\r\n')[1], /;\d+,\d\d;/, `Finnish: semicolons and decimal commas: ${text.slice(0, 200)}`);
  await context.close();
});

test('the skip link, page titles and focus after a refused save work after hydration', async () => {
  const page = await signedIn(browser, 'tampere@innocities.example');
  await page.goto(`${BASE_URL}/projects`);
  await hydrated(page);
  assert.equal(await page.title(), 'Projects – InnoCities Monitor');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'content', 'focus in the main content');

  // Client-side navigation: the title follows, and focus moves to the new page's content.
  await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
  await page.waitForURL(/\/dashboard/);
  await page.waitForFunction(() => document.title.startsWith('Dashboard: Tampere'));
  await page.waitForFunction(() => document.activeElement?.id === 'content');

  // A refused save takes the keyboard to the first field in error.
  await page.goto(`${BASE_URL}/organisations/new`);
  await hydrated(page);
  await page.getByLabel('Name', { exact: true }).fill('Testi Oy');
  await page.getByLabel('Business ID').fill('0201256-7');
  await page.getByRole('button', { name: 'Add organisation' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'business_id');
  assert.equal(await page.getByLabel('Business ID').getAttribute('aria-invalid'), 'true');
});

test('on a phone (320–390 px) the main pages fit the screen, navigation included', async () => {
  const page = await signedIn(browser, 'national@innocities.example');
  for (const width of [390, 320]) {
    await page.setViewportSize({ width, height: 800 });
    for (const path of ['/', '/projects', '/projects/1', '/dashboard', '/reporting', '/publication', '/accessibility', '/reference']) {
      await page.goto(`${BASE_URL}${path}`);
      await hydrated(page);
      assert.equal(await overflows(page), false, `${path} at ${width} px scrolls sideways`);
      const offscreen = await page.getByRole('navigation').getByRole('link').evaluateAll(
        (links) => links.filter((a) => a.getBoundingClientRect().right > window.innerWidth).map((a) => a.textContent),
      );
      assert.deepEqual(offscreen, [], `${path} at ${width} px: navigation on screen`);
    }
  }
});

test('at 1280 px the dashboard fits, its legend and map labels do not overlap, and indicators have names', async () => {
  const page = await signedIn(browser, 'ministry@innocities.example');
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${BASE_URL}/dashboard`);
  await hydrated(page);
  assert.equal(await overflows(page), false, 'nothing is cut off or scrolls the page');
  assert.deepEqual(await overlapping(page.locator('.chart-legend li')), [], 'the legend items stand apart');
  assert.deepEqual(await overlapping(page.locator('a.map-bubble text')), [], 'the map labels stand apart');
  // Every table's right-hand column can be reached: each wide table scrolls in its own box.
  const cut = await page.locator('table.data-table').evaluateAll((tables) => tables
    .filter((t) => t.getBoundingClientRect().right > window.innerWidth && !t.closest('.table-scroll'))
    .map((t) => t.dataset.testid));
  assert.deepEqual(cut, [], 'no table runs off the page');
  await page.getByTestId('compare').getByRole('rowheader', { name: /Platforms and networks/ }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the dashboard passes axe');
});

test('a coordinator gets from a new subproject on the package page to its report', async () => {
  const page = await signedIn(browser, 'tampere@innocities.example');
  await page.goto(`${BASE_URL}/projects?region=tampere`);
  await hydrated(page);
  await page.getByRole('table', { name: /projects/i }).getByRole('row').nth(1).getByRole('link').first().click();
  await page.waitForURL(/\/projects\/\d+/);
  await hydrated(page);
  await page.getByText(/reports for every reporting period its start and end dates overlap/).waitFor();
  await page.getByRole('link', { name: /^Report of .* for 2026H1$/ }).first().click();
  await page.waitForURL(/\/reports\/\d+\/\d+/);
  await hydrated(page);
  await page.getByRole('heading', { level: 1 }).waitFor();
});

test('the national team sees what waits for publication; the reference data and the accessibility statement pass axe', async () => {
  const page = await signedIn(browser, 'national@innocities.example');
  await page.goto(`${BASE_URL}/publication`);
  await hydrated(page);
  await page.getByTestId('last-publication').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the publication page passes axe');

  await page.getByRole('navigation').getByRole('link', { name: 'Reference data' }).click();
  await page.waitForURL(/\/reference$/);
  await hydrated(page);
  assert.deepEqual(await axeViolations(page), [], 'the reference page passes axe');
  await page.getByRole('link', { name: 'Edit Kajaani' }).click();
  await page.waitForURL(/\/reference\/regions\/\d+/);
  await hydrated(page);
  assert.equal(await page.getByLabel('Municipality 2: name in Finnish').inputValue(), 'Sotkamo');
  assert.deepEqual(await axeViolations(page), [], 'the region form passes axe');

  // Anyone reaches the statement from the footer and sends feedback.
  const reader = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await reader.goto(`${BASE_URL}/`);
  await hydrated(reader);
  await reader.getByRole('contentinfo').getByRole('link', { name: 'Accessibility statement' }).click();
  await reader.waitForURL(/\/accessibility/);
  await hydrated(reader);
  assert.deepEqual(await axeViolations(reader), [], 'the statement passes axe');
  await reader.getByLabel('Your feedback').fill('The map bubbles cover each other.');
  await reader.getByRole('button', { name: 'Send feedback' }).click();
  await reader.getByText('Your feedback has been received').waitFor();

  await page.goto(`${BASE_URL}/feedback`);
  await hydrated(page);
  await page.getByText('The map bubbles cover each other.').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the feedback list passes axe');
});
