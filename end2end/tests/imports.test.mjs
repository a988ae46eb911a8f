// Spreadsheet import in a real browser: a Tampere coordinator downloads the template, writes
// a file of packages whose name column is headed otherwise and one of whose rows has a bad
// date, uploads it, maps the column by hand (saving the mapping), sees the refused row with
// its column and reason, uploads the fixed file with the saved mapping, imports it, finds
// the packages with their history, and deletes them again. Every import page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, signedIn as signedInAs } from './helpers.mjs';

const browser = browserForFile();

const HEADINGS = [
  'Code', 'Project name', 'Name in Swedish', 'Name in English', 'Description in Finnish',
  'Description in Swedish', 'Description in English', 'City region', 'Theme', 'Actions',
  'Funding regional council', 'Starts', 'Ends', 'Status', "Lead organisation's Business ID",
];

function csvOf(rows) {
  return rows.map((row) => row.map((cell) => `"${String(cell).replace(/"/g, '""')}"`).join(',')).join('\r\n');
}

function row(code, name, startsOn) {
  return [code, name, '', `${name} (en)`, '', '', '', 'tampere', 'digitalisation', 'platforms, talent',
    'pirkanmaa', startsOn, '31.12.2028', 'planned', ''];
}

async function upload(page, name, text, mapping) {
  await page.getByLabel('Project packages').check();
  await page.getByLabel('File (XLSX or CSV, at most 20 MB)').setInputFiles({
    name, mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8'),
  });
  if (mapping) await page.getByLabel('Column mapping').selectOption({ label: mapping });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await hydrated(page);
}

test('a coordinator imports packages from a file, mapping a column and fixing a refused row', async () => {
  const page = await signedInAs(browser, 'tampere@innocities.example');
  await hydrated(page);
  await page.getByRole('link', { name: 'Imports' }).click();
  await page.waitForURL(/\/imports$/);
  await hydrated(page);
  assert.deepEqual(await axeViolations(page), [], 'the imports page passes axe');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Template: Project packages (XLSX)' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /packages-template\.xlsx$/);
  const template = await download.createReadStream();
  const chunks = [];
  for await (const chunk of template) chunks.push(chunk);
  const bytes = Buffer.concat(chunks);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX workbook');

  const stamp = Date.now();
  const first = `E2E-IMP-${stamp}-1`;
  const second = `E2E-IMP-${stamp}-2`;
  const broken = csvOf([HEADINGS, row(first, 'Tuotu alusta', '1.2.2027'), row(second, 'Toinen alusta', '31.2.2027')]);
  await upload(page, 'portfolio.csv', broken);
  await page.getByTestId('missing-fields').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the preview passes axe');

  // The renamed column read as the Finnish name, and the mapping saved for next time.
  await page.getByLabel('Project name').selectOption({ label: 'Name in Finnish' });
  await page.getByLabel('Save this mapping under a name (optional)').fill(`E2E ${stamp}`);
  await page.getByRole('button', { name: 'Preview again' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await hydrated(page);
  const summary = await page.getByTestId('import-summary').innerText();
  assert.match(summary, /New 1, changed 0, .* refused 1\./, summary);
  const refused = page.locator('tr[data-row="3"]');
  assert.match(await refused.innerText(), /Refused[\s\S]*Column Starts: /);
  assert.equal(await page.getByRole('button', { name: 'Import the rows' }).count(), 0, 'nothing to import while a row is refused');
  assert.deepEqual(await axeViolations(page), [], 'the preview with a refused row passes axe');

  // The file fixed, read with the saved mapping, and imported.
  await page.getByRole('link', { name: 'Back to imports' }).click();
  await page.waitForURL(/\/imports$/);
  const fixed = csvOf([HEADINGS, row(first, 'Tuotu alusta', '1.2.2027'), row(second, 'Toinen alusta', '28.2.2027')]);
  await upload(page, 'portfolio.csv', fixed, `E2E ${stamp} (Project packages)`);
  assert.match(await page.getByTestId('import-summary').innerText(), /New 2, changed 0, .* refused 0\./);
  await page.getByRole('button', { name: 'Import the rows' }).click();
  await page.waitForURL(/\/imports\/\d+\?saved=1$/);
  await hydrated(page);
  await page.getByTestId('committed').waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the imported page passes axe');

  await page.goto(`${BASE_URL}/projects?q=${encodeURIComponent(first)}`);
  await hydrated(page);
  await page.getByRole('link', { name: /Tuotu alusta/ }).click();
  await page.waitForURL(/\/projects\/\d+$/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'Tuotu alusta (en)' }).waitFor();
  assert.match(await page.locator('body').innerText(), /Created/);

  // The journey leaves the demo portfolio as it found it for the files after it: the two
  // imported packages (no reports yet) are deleted on their edit pages.
  for (const [code, name] of [[first, 'Tuotu alusta'], [second, 'Toinen alusta']]) {
    await page.goto(`${BASE_URL}/projects?q=${encodeURIComponent(code)}`);
    await hydrated(page);
    await page.getByRole('link', { name: new RegExp(name) }).click();
    await page.waitForURL(/\/projects\/\d+$/);
    await page.goto(`${page.url()}/edit`);
    await hydrated(page);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.waitForURL(/\/projects(\?.*)?$/);
  }
});

// The national team keeps the organisation register: it may import organisations only, rows
// are matched by Business ID, and the preview of a correction and a refused row passes axe.
// Nothing is imported, so the demo register stays as it is for the files after this one.
test('the national team previews an organisations file matched by Business ID', async () => {
  const page = await signedInAs(browser, 'national@innocities.example');
  await hydrated(page);
  await page.goto(`${BASE_URL}/imports`);
  await hydrated(page);
  assert.equal(await page.getByLabel('Project packages').count(), 0, 'no project data to import');
  assert.deepEqual(await axeViolations(page), [], 'the imports page passes axe');
  await page.getByLabel('Organisations').check();
  const file = csvOf([
    ['Business ID', 'Name', 'Type of organisation', 'Home municipality'],
    ['3101237-0', 'Helsingin yliopisto', 'university', 'Helsinki'],
    ['3101237-1', 'Väärä tarkiste Oy', 'company', ''],
  ]);
  await page.getByLabel('File (XLSX or CSV, at most 20 MB)').setInputFiles({
    name: 'organisaatiot.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8'),
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await hydrated(page);
  assert.match(await page.getByTestId('import-summary').innerText(), /New 0, changed 1, .* refused 1\./);
  assert.equal(await page.getByRole('columnheader', { name: 'Business ID', exact: true }).count(), 1, 'rows by Business ID');
  assert.match(await page.locator('tr[data-row="2"]').innerText(), /Home municipality:\s*→ Helsinki/);
  assert.match(await page.locator('tr[data-row="3"]').innerText(), /check digit does not match/);
  assert.equal(await page.getByLabel('Save this mapping under a name (optional)').count(), 0,
    'a mapping is kept for a city region, and the team has none');
  assert.deepEqual(await axeViolations(page), [], 'the preview passes axe');
});

// A coordinator's indicator values of the open period go out as a workbook and come back
// unchanged (the key column names subproject, period and indicator); a row naming another
// region's or an unknown subproject is refused by its column. Nothing is imported.
test('a coordinator takes the open period\'s indicator values out and back unchanged', async () => {
  const page = await signedInAs(browser, 'tampere@innocities.example');
  await hydrated(page);
  await page.goto(`${BASE_URL}/imports`);
  await hydrated(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Your records to edit and import back: Indicator values (XLSX)', exact: true }).click(),
  ]);
  const chunks = [];
  for await (const chunk of await download.createReadStream()) chunks.push(chunk);
  const records = Buffer.concat(chunks);
  assert.equal(records.subarray(0, 2).toString('latin1'), 'PK', 'an XLSX workbook');

  await page.getByLabel('Indicator values').check();
  await page.getByLabel('File (XLSX or CSV, at most 20 MB)').setInputFiles({
    name: 'arvot.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: records,
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await hydrated(page);
  const summary = await page.getByTestId('import-summary').innerText();
  assert.match(summary, /New 0, changed 0, unchanged [1-9]\d*, .* refused 0\./, summary);
  assert.match(await page.getByTestId('commit-form').innerText(), /nothing new or changed/);
  assert.deepEqual(await axeViolations(page), [], 'the preview passes axe');

  await page.goto(`${BASE_URL}/imports`);
  await hydrated(page);
  await page.getByLabel('Indicator values').check();
  const file = csvOf([
    ['Subproject', 'Reporting period', 'Indicator', 'Value'],
    ['EI-TALLAISTA-1', '2026H1', 'IK-PLAT', '3'],
  ]);
  await page.getByLabel('File (XLSX or CSV, at most 20 MB)').setInputFiles({
    name: 'arvot.csv', mimeType: 'text/csv', buffer: Buffer.from(file, 'utf8'),
  });
  await page.getByRole('button', { name: 'Upload and preview' }).click();
  await page.waitForURL(/\/imports\/\d+$/);
  await hydrated(page);
  assert.match(await page.getByTestId('import-summary').innerText(), /New 0, changed 0, .* refused 1\./);
  assert.equal(
    await page.getByRole('columnheader', { name: 'Subproject · Reporting period · Indicator', exact: true }).count(), 1,
    'rows matched by subproject, period and indicator');
  assert.match(await page.locator('tr[data-row="2"]').innerText(), /EI-TALLAISTA-1 · 2026H1 · IK-PLAT[\s\S]*Refused[\s\S]*Column Subproject/);
  assert.deepEqual(await axeViolations(page), [], 'the preview with a refused row passes axe');
});
