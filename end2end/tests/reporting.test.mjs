// Reporting in a real browser: a Tampere coordinator reports a period for a subproject, the
// national coordinator returns it with a reason, the coordinator fixes and resubmits, the
// national coordinator approves it, and the report is then read-only for everyone; the
// status board shows who still has to report. Then a case study goes from a coordinator's
// draft to the public page once the national team publishes it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserForFile, hydrated, axeViolations, BASE_URL, shows, signedIn as signedInAs } from './helpers.mjs';

const browser = browserForFile();

const signedIn = (email) => signedInAs(browser, email);

const INDICATORS = [
  'Platforms and networks participating in supporting joint development',
  'Companies participating in joint development',
  'Innovations, products or services',
];

test('a report is submitted, returned with a reason, resubmitted, approved and then locked', async () => {
  const tampere = await signedIn('tampere@innocities.example');
  await tampere.goto(`${BASE_URL}/reporting`);
  await hydrated(tampere);
  await tampere.getByRole('heading', { name: 'Reports to do' }).waitFor();
  assert.deepEqual(await axeViolations(tampere), [], 'the reporting hub passes axe');
  // The first report still to do in the open period.
  const todo = tampere.getByRole('table', { name: /Reports of open periods/ });
  const link = todo.getByRole('row').filter({ hasText: '2026H1' }).first().getByRole('link');
  const code = (await link.innerText()).trim();
  await link.click();
  await tampere.waitForURL(/\/reports\/\d+\/\d+/);
  await hydrated(tampere);
  const reportUrl = tampere.url().split('?')[0];
  await tampere.getByRole('heading', { name: `Report ${code}, period 2026H1` }).waitFor();
  assert.deepEqual(await axeViolations(tampere), [], 'the report form passes axe');

  // Fill it in: values (companies from a list of Business IDs), money typed the Finnish way.
  const group = (name) => tampere.getByRole('group', { name });
  await group(INDICATORS[0]).getByLabel('Value').fill('3');
  await group(INDICATORS[1]).getByLabel("Companies' Business IDs").fill('0201256-6\n1572860-0');
  await group(INDICATORS[2]).getByLabel('Value').fill('2');
  for (const name of INDICATORS) {
    await group(name).getByLabel('Explanation').fill('Luvut tarkistettu.');
  }
  await tampere.getByLabel('EU', { exact: true }).fill('1 234,50');
  await tampere.getByLabel('Progress').fill('Pilotit käynnistyivät.');
  await tampere.getByRole('button', { name: 'Submit for review' }).click();
  await tampere.waitForURL(/saved=submitted/);
  await hydrated(tampere);
  await shows(tampere.getByTestId('report-status'), 'Submitted');
  await tampere.getByText('€1,234.50').first().waitFor();

  // The national coordinator finds it in the review queue and returns it; a reason is needed.
  const national = await signedIn('national@innocities.example');
  await national.goto(`${BASE_URL}/reporting`);
  await hydrated(national);
  const queue = national.getByRole('table', { name: /Submitted reports, longest waiting first/ });
  await queue.getByRole('link', { name: code }).first().click();
  await national.waitForURL(/\/reports\//);
  await hydrated(national);
  await national.getByRole('button', { name: 'Return for changes' }).click();
  await national.getByText('Give a reason.').waitFor();
  await national.getByLabel('Reason for returning').fill('Lisätkää ongelmat-kohta.');
  await national.getByRole('button', { name: 'Return for changes' }).click();
  await national.waitForURL(/saved=return/);
  await hydrated(national);
  await shows(national.getByTestId('report-status'), 'Returned');

  // The coordinator sees why, fixes it and resubmits.
  await tampere.goto(`${BASE_URL}/reporting`);
  await hydrated(tampere);
  await tampere.getByTestId('notifications').getByText('Lisätkää ongelmat-kohta.').first().waitFor();
  await tampere.goto(reportUrl);
  await hydrated(tampere);
  await tampere.getByLabel('Problems').fill('Yksi pilotti myöhästyi.');
  await tampere.getByRole('button', { name: 'Submit for review' }).click();
  await tampere.waitForURL(/saved=submitted/);
  await hydrated(tampere);
  await tampere.getByTestId('report-events').getByText('Resubmitted').last().waitFor();

  // Approved, then read-only for everyone.
  await national.goto(reportUrl);
  await hydrated(national);
  await national.getByRole('button', { name: 'Approve' }).click();
  await national.waitForURL(/saved=approve/);
  await hydrated(national);
  await shows(national.getByTestId('report-status'), 'Approved');
  await national.getByRole('button', { name: 'Reopen' }).waitFor();
  assert.equal(await national.getByRole('button', { name: 'Approve' }).count(), 0);
  assert.equal(await national.getByRole('button', { name: 'Return for changes' }).count(), 0);
  assert.equal(await national.getByRole('button', { name: 'Add comment' }).count(), 0);
  assert.deepEqual(await axeViolations(national), [], 'the approved report passes axe');
  // The reviewer sees the Business IDs behind the company count.
  await national.getByTestId('report-values').getByText('1572860-0').waitFor();
  await tampere.goto(reportUrl);
  await hydrated(tampere);
  await tampere.getByText('An approved report is locked.').waitFor();
  assert.equal(await tampere.getByRole('button', { name: 'Save draft' }).count(), 0);
  assert.equal(await tampere.getByRole('button', { name: 'Add comment' }).count(), 0);
  const ministry = await signedIn('ministry@innocities.example');
  await ministry.goto(reportUrl);
  await hydrated(ministry);
  await ministry.getByText('An approved report is locked.').waitFor();
  assert.equal(await ministry.getByRole('button').filter({ hasText: /Save|Submit|Approve|Return|Reopen|comment/ }).count(), 0,
    'the ministry reads and changes nothing');

  // The status board shows who still has to report.
  await national.goto(`${BASE_URL}/reporting`);
  await hydrated(national);
  await national.getByRole('link', { name: 'Status board 2026H1' }).click();
  await national.waitForURL(/\/reporting\/board\/\d+/);
  await hydrated(national);
  const regions = national.getByTestId('board-regions');
  await regions.getByRole('rowheader', { name: 'Tampere' }).waitFor();
  assert.ok((await regions.getByRole('row').count()) > 10, 'every region is on the board');
  // Who still has to report: subprojects whose report is still a draft, listed on the board.
  const rows = national.getByRole('table', { name: /Each reporting subproject's state/ });
  assert.ok((await rows.getByRole('row').filter({ hasText: 'Draft' }).count()) > 0, 'unfinished reports are listed');
  assert.equal(await rows.getByRole('row').filter({ hasText: new RegExp(`${code.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`) }).filter({ hasText: 'Approved' }).count(), 1,
    'the approved report shows as approved');
  assert.deepEqual(await axeViolations(national), [], 'the status board passes axe');
});

test('a case study is written by a coordinator and public once the national team publishes it', async () => {
  const tampere = await signedIn('tampere@innocities.example');
  await tampere.goto(`${BASE_URL}/case-studies/new`);
  await hydrated(tampere);
  const title = `Älykäs satama ${Date.now()}`;
  await tampere.getByLabel('Title in Finnish').fill(title);
  await tampere.getByLabel('Text in Finnish').fill('Satama testasi anturiverkkoa yritysten kanssa.');
  await tampere.getByRole('group', { name: 'Projects' }).getByRole('checkbox').first().check();
  await tampere.getByRole('button', { name: 'Save' }).click();
  await tampere.waitForURL(/\/case-studies\/\d+\?saved=1/);
  await hydrated(tampere);
  await shows(tampere.getByTestId('case-study-state'), 'Not published');
  assert.deepEqual(await axeViolations(tampere), [], 'the case-study form passes axe');
  const url = tampere.url().split('?')[0];

  const anonymous = await (await browser.newContext({ locale: 'en-GB' })).newPage();
  await anonymous.goto(BASE_URL);
  assert.equal(await anonymous.getByText(title).count(), 0, 'not public before publishing');

  const national = await signedIn('national@innocities.example');
  await national.goto(url);
  await hydrated(national);
  await national.getByRole('button', { name: 'Publish' }).click();
  await national.waitForURL(/saved=1/);
  await hydrated(national);
  await shows(national.getByTestId('case-study-state'), 'Published');

  await anonymous.goto(BASE_URL);
  await anonymous.getByRole('heading', { name: title }).waitFor();
});
