// The project register in a real browser: a Tampere coordinator registers a package, a
// second tab's stale save is refused with the other person's values while its input stays,
// the history shows the change, and Turku's coordinator cannot open the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, waitForServer, hydrated, axeViolations, BASE_URL, signedIn as signedInAs } from './helpers.mjs';

let browser;

before(async () => {
  await waitForServer();
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const signedIn = (email) => signedInAs(browser, email);

test('a coordinator registers a package; a stale save is refused; other regions cannot see it', async () => {
  const page = await signedIn('tampere@innocities.example');
  await hydrated(page);
  await page.getByRole('link', { name: 'Add a project package' }).click();
  await page.waitForURL(/\/projects\/new/);
  await hydrated(page);
  assert.deepEqual(await axeViolations(page), [], 'the package form passes axe');

  const code = `E2E-${Date.now()}`;
  await page.getByLabel('Code (e.g. the EURA code)').fill(code);
  await page.getByLabel('Name in Finnish').fill('Sirujen testialusta');
  await page.getByLabel('Name in English').fill('Chip test platform');
  await page.getByLabel('Theme').selectOption('digitalisation');
  await page.getByLabel('Cities as platforms for development and experiments').check();
  await page.getByLabel('Funding regional council').selectOption('pirkanmaa');
  await page.getByLabel('Starts (YYYY-MM-DD)').fill('2026-02-01');
  await page.getByLabel('Ends (YYYY-MM-DD)').fill('2026-01-01');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('The end date is before the start date.').waitFor();
  await page.getByLabel('Ends (YYYY-MM-DD)').fill('2027-12-31');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\/projects\/\d+\?saved=1/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'Chip test platform' }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the package page passes axe');
  const url = page.url().split('?')[0];

  // Two subprojects with their funding, typed the Finnish and the English way.
  async function addSubproject(code, organisation, amounts) {
    await page.getByRole('link', { name: 'Add a subproject' }).click();
    await page.waitForURL(/subprojects\/new/);
    await hydrated(page);
    await page.getByLabel('Code (e.g. the EURA code)').fill(code);
    await page.getByLabel('Implementing organisation').selectOption({ label: organisation });
    for (const [source, amount] of Object.entries(amounts)) {
      await page.getByLabel(source, { exact: true }).fill(amount);
    }
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/projects\/\d+\?saved=1/);
    await hydrated(page);
  }
  await addSubproject(`${code}-1`, 'Tampereen yliopisto (3185353-2)', { EU: '60 000,00', State: '40000', City: '30 000' });
  assert.deepEqual(await axeViolations(page), [], 'the package page with subprojects passes axe');
  await addSubproject(`${code}-2`, 'Tampereen ammattikorkeakoulu (3186590-4)', { EU: '20000.00', City: '10 000' });
  assert.equal(await page.getByTestId('planned-total').innerText(), '€160,000.00');
  assert.equal(await page.getByTestId('city-share').innerText(), '25.0%');
  assert.equal(await page.getByTestId('city-share-warning').count(), 0, 'inside 25–40 %: no warning');
  await page.getByRole('link', { name: `Edit subproject ${code}-2` }).click();
  await hydrated(page);
  await page.getByLabel('City', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\?saved=1/);
  await page.getByTestId('city-share-warning').waitFor();

  // Two tabs open the form; the first saves, the second's save from the old version is refused.
  const first = await (await page.context()).newPage();
  await first.goto(`${url}/edit`);
  await hydrated(first);
  await page.goto(`${url}/edit`);
  await hydrated(page);
  await first.getByLabel('Name in English').fill('Chip test platform, phase 1');
  await first.getByRole('button', { name: 'Save' }).click();
  await first.waitForURL(/\?saved=1/);
  await page.getByLabel('Name in English').fill('Chip testbed');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Someone else saved this meanwhile').waitFor();
  await page.getByText('Chip test platform, phase 1').waitFor();
  assert.equal(await page.getByLabel('Name in English').inputValue(), 'Chip testbed', 'the input is kept');

  await page.goto(url);
  await hydrated(page);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  await page.getByRole('cell', { name: 'Chip test platform, phase 1' }).first().waitFor();

  const turku = await signedIn('turku@innocities.example');
  const response = await turku.goto(url);
  assert.equal(response.status(), 404, "another region's package answers as a missing one");
});
