// The open API as a city coordinator meets it in a real browser: a personal API token made
// on the account page, its secret shown once, used from a program, revoked; the account page
// with its tokens and the API reference pass axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, signedIn } from './helpers.mjs';

const browser = browserForFile();

test('a coordinator makes an API token, uses it from a program once shown, and revokes it', async () => {
  const page = await signedIn(browser, 'tampere@innocities.example');
  await page.goto(`${BASE_URL}/account`);
  await hydrated(page);
  await page.getByRole('heading', { name: 'API tokens' }).waitFor();
  await page.getByLabel('Name', { exact: true }).fill('Power BI refresh');
  await page.getByLabel('Read only').check();
  await page.getByRole('button', { name: 'Create token' }).click();
  await page.waitForURL(/\/account\?token=1/);
  await hydrated(page);
  const secret = await page.getByLabel('Token', { exact: true }).inputValue();
  assert.match(secret, /^ict_[0-9a-f]{64}$/);
  assert.deepEqual(await axeViolations(page), [], 'the account page with its new token passes axe');

  // A program reads with it; the page shows the secret only once.
  const regions = await fetch(`${BASE_URL}/api/v1/regions`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(regions.status, 200);
  assert.equal((await regions.json()).items.length, 16);
  await page.goto(`${BASE_URL}/account`);
  await hydrated(page);
  assert.equal(await page.getByTestId('new-token').count(), 0, 'shown once');
  const row = page.getByTestId('tokens').getByRole('row', { name: /Power BI refresh/ });
  await row.waitFor();

  // Revoked: the program is refused at once.
  await page.getByRole('button', { name: 'Revoke the token Power BI refresh' }).click();
  await page.getByTestId('tokens').getByText('Revoked').waitFor();
  const refused = await fetch(`${BASE_URL}/api/v1/regions`, { headers: { Authorization: `Bearer ${secret}` } });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('content-type'), 'application/problem+json');

  // The reference, linked from the account page, is the site's own page.
  await page.getByRole('link', { name: 'API reference' }).click();
  await page.waitForURL(/\/api-reference/);
  await hydrated(page);
  await page.getByRole('heading', { name: 'GET /api/v1/packages', exact: true }).waitFor();
  assert.deepEqual(await axeViolations(page), [], 'the API reference passes axe');
});
