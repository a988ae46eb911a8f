// The project register in a real browser: a Tampere coordinator registers a package with two
// subprojects and their funding, a colleague's save makes their stale save refused with the
// colleague's values shown while their input stays, both saves land and show in the history,
// and Turku's coordinator can neither open the package nor delete it by a forged request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, signedIn as signedInAs } from './helpers.mjs';

const browser = browserForFile();

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

  // Two coordinators of Tampere open the form; the colleague saves first, so the other's save
  // from the old version is refused with the colleague's values shown and the input kept.
  const colleague = await signedIn('tampere2@innocities.example');
  await colleague.goto(`${url}/edit`);
  await hydrated(colleague);
  await page.goto(`${url}/edit`);
  await hydrated(page);
  await colleague.getByLabel('Name in English').fill('Chip test platform, phase 1');
  await colleague.getByRole('button', { name: 'Save' }).click();
  await colleague.waitForURL(/\?saved=1/);
  await page.getByLabel('Name in English').fill('Chip testbed');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Someone else saved this meanwhile').waitFor();
  await page.getByText('Chip test platform, phase 1').waitFor();
  assert.equal(await page.getByLabel('Name in English').inputValue(), 'Chip testbed', 'the input is kept');

  // Reloaded, the form has the colleague's save; the coordinator adds their change on top.
  await page.goto(`${url}/edit`);
  await hydrated(page);
  assert.equal(await page.getByLabel('Name in English').inputValue(), 'Chip test platform, phase 1');
  await page.getByLabel('Name in Swedish').fill('Chiptestplattform');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/\?saved=1/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'History' }).waitFor();
  const entries = page.locator('ol.history > li');
  await entries.filter({ hasText: 'Pauli Pirkanmaa' }).filter({ hasText: 'Chip test platform, phase 1' }).first().waitFor();
  await entries.filter({ hasText: 'Tiina Tampere' }).filter({ hasText: 'Chiptestplattform' }).first().waitFor();
  await entries.first().getByRole('rowheader', { name: 'Name in Swedish' }).waitFor();

  // By keyboard alone: type a new Finnish name, tick an action with Space, save with Enter.
  await page.goto(`${url}/edit`);
  await hydrated(page);
  await page.getByLabel('Name in Finnish').focus();
  await page.keyboard.press('Control+A');
  await page.keyboard.type('Sirujen testialusta, vaihe 1');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'form[input][name][sv]',
    'Tab moves to the next field');
  await page.getByLabel('Development of the start-up ecosystem').focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Name in Finnish').focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(/\?saved=1/);
  await hydrated(page);
  await entries.first().getByRole('cell', { name: 'Sirujen testialusta, vaihe 1' }).waitFor();

  // Turku's coordinator can neither see the package nor change it, whatever they send.
  const turku = await signedIn('turku@innocities.example');
  const response = await turku.goto(url);
  assert.equal(response.status(), 404, "another region's package answers as a missing one");
  const id = url.split('/').pop();
  const forged = await turku.evaluate(async (id) => {
    const r = await fetch('/api/register/delete_project', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `form[id]=${id}&form[version]=3`,
    });
    return { ok: r.ok, body: await r.text() };
  }, id);
  assert.equal(forged.ok, false, 'a forged delete is refused');
  assert.match(forged.body, /NotFound/);
  await page.reload();
  await page.getByRole('heading', { name: 'Chip test platform, phase 1' }).waitFor();
});
