// People management in a real browser: an admin creates a user with a temporary password,
// the user must change it at first sign-in, and every admin and account page passes axe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, DEMO_PASSWORD } from './helpers.mjs';

const browser = browserForFile();

async function signIn(page, email, password) {
  await page.goto(`${BASE_URL}/login`);
  await hydrated(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('an admin creates a user who must change the temporary password first', async () => {
  const admin = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await signIn(admin, 'admin@innocities.example', DEMO_PASSWORD);
  await admin.waitForURL(/\/projects/);

  await admin.goto(`${BASE_URL}/admin/users`);
  await hydrated(admin);
  assert.deepEqual(await axeViolations(admin), [], 'users list passes axe');
  await admin.getByRole('link', { name: 'Add a user' }).click();
  await admin.waitForURL(/\/admin\/users\/new/);
  await hydrated(admin);
  assert.deepEqual(await axeViolations(admin), [], 'new user form passes axe');

  const email = `e2e-${Date.now()}@example.fi`;
  await admin.getByLabel('Email address').fill(email);
  await admin.getByLabel('Name').fill('Olli Oulu');
  await admin.getByLabel('Role').selectOption('city_coordinator');
  await admin.getByLabel('Oulu').check();
  // A common password is refused with a message at the field.
  await admin.getByLabel('Temporary password').fill('password1234');
  await admin.getByRole('button', { name: 'Create user' }).click();
  await admin.getByText('This password is too common').waitFor();
  await admin.getByLabel('Temporary password').fill('Kesäkuun pitkä väliaikainen');
  await admin.getByRole('button', { name: 'Create user' }).click();
  await admin.waitForURL(/\/admin\/users\/\d+\?saved=1/);
  await hydrated(admin);
  await admin.getByRole('heading', { name: 'Olli Oulu' }).waitFor();
  assert.deepEqual(await axeViolations(admin), [], 'user page passes axe');

  await admin.goto(`${BASE_URL}/admin/audit?user=admin%40innocities.example`);
  await hydrated(admin);
  await admin.getByRole('cell', { name: 'create', exact: true }).first().waitFor();
  assert.deepEqual(await axeViolations(admin), [], 'audit log passes axe');

  const user = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await signIn(user, email, 'Kesäkuun pitkä väliaikainen');
  await user.waitForURL(/\/account/);
  await hydrated(user);
  await user.getByText('Your password is temporary').waitFor();
  assert.deepEqual(await axeViolations(user), [], 'account page passes axe');
  await user.getByLabel('Current password').fill('Kesäkuun pitkä väliaikainen');
  await user.getByLabel('New password', { exact: true }).fill('Oulun oma salalause 2026');
  await user.getByLabel('New password again').fill('Oulun oma salalause 2026');
  await user.getByRole('button', { name: 'Change password' }).click();
  await user.getByText('Password changed').waitFor();
  await user.goto(`${BASE_URL}/projects`);
  await hydrated(user);
  assert.match(await user.getByTestId('project-summary').innerText(), /^18 projects/, "Oulu's projects");
});
