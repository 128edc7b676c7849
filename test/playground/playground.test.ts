// The playground in a real browser (Chromium from Debian, driven by playwright-core): as a
// practitioner type /supervision and use the cards; switch to the supervisor; see a proactive message
// arrive with an unread count; see the demo team's group supervision (set up in its channel by the demo's
// history) and move its next session; travel in time. Screenshots go to test-output/playground/.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../src/config/env.js';
import { projectRoot } from '../../src/config/paths.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { AdjustableClock } from '../../src/playground/clock.js';
import { startServer, type RunningServer } from '../../src/server.js';
import type { Store } from '../../src/store/open.js';
import { databases } from '../support/databases.js';
import { DateTime } from 'luxon';
import { loadPolicy } from '../../src/config/policyFiles.js';
import { calendarOf } from '../../src/domain/policy/calendarOf.js';
import { formatIsoDate } from '../../src/domain/time/localDate.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const shots = path.join(projectRoot, 'test-output', 'playground');

if (!haveChromium) {
  if (process.env.CI) throw new Error(`CI must run the browser tests, but ${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
  console.warn(`Skipping the playground browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium to run them).`);
}

describe.runIf(haveChromium)('playground in a browser', () => {
  let store: Store;
  let running: RunningServer;
  let browser: Browser;
  let page: Page;
  const clock = new AdjustableClock();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    store = await databases[0]!.open();
    running = await startServer({ ...readSettings({ POLICY: 'cafcass' }), port: 0 }, store, { clock });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(running.playgroundUrl!);
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await store?.close();
  });

  const cards = () => page.locator('#messages li.bot .ac-adaptiveCard');

  it('listens only on loopback', () => {
    expect(running.playgroundUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/playground$/);
  });

  it('shows the home card, rendered, when a practitioner types /supervision', async () => {
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await page.fill('#text', '/supervision');
    await page.click('#compose button');
    await expect.poll(() => cards().count()).toBe(1);
    await expect.poll(() => cards().first().innerText()).toContain('Hello Priya Shah. What would you like to do?');
    // Rendered by the Adaptive Cards renderer: real buttons, not JSON.
    await expect.poll(() => page.locator('.ac-pushButton', { hasText: 'My upcoming supervision' }).count()).toBe(1);
    expect(await page.locator('#messages').innerText()).not.toContain('"type"');
    await page.screenshot({ path: path.join(shots, '1-home-card.png') });
  });

  it('replaces the card in place when a button is clicked', async () => {
    await page.locator('.ac-pushButton', { hasText: 'My upcoming supervision' }).click();
    await expect.poll(() => cards().first().innerText()).toContain('Your upcoming supervision');
    expect(await cards().count()).toBe(1);
    expect(await cards().first().innerText()).toContain('Scheduled case supervision');
    await page.screenshot({ path: path.join(shots, '2-upcoming.png') });
  });

  it('checks a form on the server and shows the error by the field', async () => {
    await page.fill('#text', 'settings');
    await page.click('#compose button');
    await expect.poll(() => cards().count()).toBe(2);
    const form = cards().last();
    await form.locator('input').fill('19:30');
    await form.locator('.ac-pushButton', { hasText: 'Save' }).click();
    await expect.poll(() => cards().last().innerText()).toContain("Choose a time from 09:00 to before 17:00, your organisation's working hours.");
    await page.screenshot({ path: path.join(shots, '3-settings-error.png') });
  });

  it('switches to the supervisor, whose chat is their own', async () => {
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await expect.poll(() => page.locator('#chat-title').innerText()).toContain('Daniel Reid');
    expect(await cards().count()).toBe(0);
    await page.fill('#text', 'team');
    await page.click('#compose button');
    await expect.poll(() => cards().first().innerText()).toContain("Your team's supervision");
    const team = await cards().first().innerText();
    expect(team).toContain('Priya Shah');
    expect(team).toMatch(/Tom Evans\s+\S.* overdue since/);
    await page.screenshot({ path: path.join(shots, '4-supervisor-team.png') });
  });

  it("delivers a proactive message to another person's chat, with an unread count", async () => {
    const priya = await store.db
      .selectFrom('person')
      .innerJoin('chat_identity', 'chat_identity.person_id', 'person.id')
      .select(['chat_identity.direct_conversation_id'])
      .where('person.email', '=', 'priya.shah@demo.invalid')
      .executeTakeFirstOrThrow();
    await enqueue(
      store.db,
      {
        idempotencyKey: 'demo-reminder',
        platform: 'teams',
        conversation: priya.direct_conversation_id!,
        payload: { view: { card: 'message', data: { title: 'Reminder', text: 'Your supervision is tomorrow at 10:00.', links: [] } } },
      },
      clock.now(),
    );
    expect(await running.dispatcher.drain()).toBe(1);
    const badge = page.getByRole('button', { name: /Priya Shah/ }).locator('.unread');
    await expect.poll(() => badge.innerText(), { timeout: 10_000 }).toBe('1');
    await page.screenshot({ path: path.join(shots, '5-unread.png') });
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Your supervision is tomorrow at 10:00.');
    expect(await badge.count()).toBe(0);
  });

  it('carries a trigger from the practitioner to the supervisor, who accepts it', async () => {
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await page.fill('#text', 'raise');
    await page.click('#compose button');
    await expect.poll(() => cards().last().innerText()).toContain('Ask for supervision');
    await cards().last().locator('.ac-pushButton', { hasText: 'Current harm or risk of harm' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('A child where there is current harm or risk of harm');
    const form = cards().last();
    await form.locator('input[aria-label^="Case reference"], input').first().fill('CF-204518');
    await form.locator('textarea').nth(0).fill('A new allegation was made at the visit today.');
    await form.locator('textarea').nth(1).fill('Agree whether to refer to the local authority today.');
    await form.locator('.ac-pushButton', { hasText: 'Send' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Sent to Daniel Reid');
    await page.screenshot({ path: path.join(shots, '6-trigger-sent.png') });

    expect(await running.dispatcher.drain()).toBeGreaterThanOrEqual(1);
    const badge = page.getByRole('button', { name: /Daniel Reid/ }).locator('.unread');
    await expect.poll(() => badge.innerText()).toBe('1');
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Priya Shah asks for supervision: d) Current harm or risk of harm.');
    // Every answer a supervisor has, on the card itself.
    expect(await cards().last().locator('.ac-pushButton').allInnerTexts()).toEqual([
      "Accept: I'll talk to them now",
      'Propose a time',
      'We have talked: record it',
      'Reassign',
    ]);
    await page.screenshot({ path: path.join(shots, '6-b-request-card.png') });
    await cards().last().locator('.ac-pushButton', { hasText: 'Accept' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('You accepted this request');
    await page.screenshot({ path: path.join(shots, '7-trigger-accepted.png') });

    // The supervisor records the discussion in the 4x4x4 model, with one SMART action.
    await cards().last().locator('.ac-pushButton', { hasText: 'Record the discussion' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Record of supervision: 4x4x4 supervision cycle');
    const record = cards().last();
    const texts = record.locator('textarea');
    await texts.nth(0).fill('A new allegation was made at the visit today.');
    await texts.nth(1).fill('Worried; the history is unclear.');
    await texts.nth(2).fill('The risk is current and the plan must change.');
    await record.getByLabel('Action 1: what').fill('Refer to the local authority');
    // The owners' choices (the demo's history may put earlier actions, with their own choices, above them).
    const owners = (card: typeof record) => card.locator('select').filter({ has: page.locator('option', { hasText: 'Daniel Reid' }) });
    await owners(record).first().selectOption({ label: 'Priya Shah' });
    const calendar = calendarOf(loadPolicy('cafcass'));
    const due = formatIsoDate(calendar.addWorkingDays(calendar.dayOf(DateTime.fromJSDate(clock.now())), 2));
    await record.locator('input[type="date"]').first().fill(due);
    // One action to start with; Add another action brings the form back, in place, with a second row and nothing typed lost.
    expect(await record.locator('input[type="date"]').count()).toBe(1);
    await record.locator('.ac-pushButton', { hasText: 'Add another action' }).click();
    await expect.poll(() => cards().last().locator('input[type="date"]').count()).toBe(2);
    const grown = cards().last();
    expect(await grown.locator('textarea').nth(1).inputValue()).toBe('Worried; the history is unclear.');
    expect(await grown.getByLabel('Action 1: what').inputValue()).toBe('Refer to the local authority');
    expect(await grown.locator('input[type="date"]').first().inputValue()).toBe(due);
    await grown.getByLabel('Action 2: what').fill('Book a strategy discussion');
    await owners(grown).nth(1).selectOption({ label: 'Daniel Reid' });
    await grown.locator('input[type="date"]').nth(1).fill(due);
    // The demo's history left Priya actions agreed at earlier sessions: the form asks what became of each.
    const earlier = grown.locator('select').filter({ has: page.locator('option', { hasText: 'Carried forward' }) });
    for (let index = 0; index < (await earlier.count()); index++) await earlier.nth(index).selectOption({ label: 'Done' });
    await page.screenshot({ path: path.join(shots, '8-a-record-two-actions.png') });
    await grown.locator('.ac-pushButton', { hasText: 'Save' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Sent to Priya Shah to sign');
    await page.screenshot({ path: path.join(shots, '8-record-sent.png') });

    // The practitioner signs it in her own chat; the supervisor gets the case-file text.
    await running.dispatcher.drain();
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Your supervision record to sign');
    expect(await cards().last().innerText()).toContain('Refer to the local authority');
    expect(await cards().last().innerText()).toContain('Book a strategy discussion (Daniel Reid, by');
    await cards().last().locator('.ac-pushButton', { hasText: 'Agree and sign' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('You agreed and signed the record.');
    await running.dispatcher.drain();
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Priya Shah signed: copy this to the case file');
    expect(await cards().last().innerText()).toContain('Case reference: CF-204518');
    await page.screenshot({ path: path.join(shots, '9-case-file.png') });

    // Download as a file: Teams asks first, then the file arrives in the chat; the card stays.
    const messages = await page.locator('#messages > li').count();
    await cards().last().locator('.ac-pushButton', { hasText: 'Download as a file' }).click();
    await expect
      .poll(() => page.locator('#notice').innerText())
      .toMatch(/^To get supervision-CF-204518-\d{4}-\d{2}-\d{2}-v1-[0-9a-f]{6}\.txt, press Allow on the file card I have just sent/);
    const consent = page.locator('#messages .file-card').last();
    await expect.poll(() => consent.innerText()).toContain('Supervision wants to send you a file');
    expect(await cards().last().innerText()).toContain('Priya Shah signed: copy this to the case file');
    await consent.getByRole('button', { name: 'Allow' }).click();
    const link = page.locator('#messages .file-card a').last();
    await expect.poll(() => link.count()).toBe(1);
    expect(await page.locator('#messages > li').count()).toBe(messages + 2);
    const name = await link.innerText();
    expect(name).toMatch(/^supervision-CF-204518-\d{4}-\d{2}-\d{2}-v1-[0-9a-f]{6}\.txt$/);
    const href = await link.getAttribute('href');
    expect(href).toMatch(/^\/playground\/files\//);
    const file = await page.evaluate(async (href) => {
      const response = await fetch(href);
      return { type: response.headers.get('content-type'), disposition: response.headers.get('content-disposition'), text: await response.text() };
    }, href!);
    expect(file.type).toBe('text/plain; charset=utf-8');
    expect(file.disposition).toContain(name);
    expect(file.text).toContain('ChildFirst supervision record\nCase reference: CF-204518');
    expect(file.text).toContain('- Refer to the local authority (Priya Shah, by ');
    await page.screenshot({ path: path.join(shots, '10-file.png') });
  });

  it("shows the demo team's group supervision, held monthly since the demo's history began, and its supervisor moves the next session", async () => {
    // Set up in the team's channel at the start of the demo's history: asked to set it up again, the bot shows it as it is.
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await page.getByRole('button', { name: /Demo team › General/ }).click();
    await expect.poll(() => page.locator('#chat-title').innerText()).toContain('Demo team › General, as Daniel Reid');
    await page.fill('#text', '/supervision group setup');
    await page.click('#compose button');
    await expect.poll(() => cards().last().innerText()).toContain('Together group supervision: Demo team');
    const overview = await cards().last().innerText();
    expect(overview).toContain('The next session is on');
    expect(overview).toContain('Under the Cafcass policy, group supervision is held once in every calendar month.');
    expect(overview).toMatch(/Facilitators\s+Daniel Reid and Helen Clarke/);
    expect(overview).not.toContain('Set up group supervision');

    // A practitioner's own attendance this quarter, in her private chat (the demo's history ticked it).
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await page.fill('#text', 'group');
    await page.click('#compose button');
    await expect
      .poll(() => cards().last().innerText())
      .toMatch(/You have attended \d+ this quarter; the Cafcass policy asks everyone to attend at least once a quarter\./);

    // The supervisor moves the next session to three working days ahead: the channel is told.
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await page.fill('#text', 'group');
    await page.click('#compose button');
    await expect.poll(() => cards().last().innerText()).toContain('The next session is on');
    await cards().last().locator('.ac-pushButton', { hasText: 'Move it' }).click();
    await expect.poll(() => cards().last().innerText()).toContain('Move this session');
    const calendar = calendarOf(loadPolicy('cafcass'));
    const day = formatIsoDate(calendar.addWorkingDays(calendar.dayOf(DateTime.fromJSDate(clock.now())), 3));
    const form = cards().last();
    await form.getByLabel('New date').fill(day);
    await form.getByLabel('Time', { exact: true }).fill('15:00');
    await form.getByLabel('Why').selectOption({ label: 'Urgent work' });
    await form.locator('.ac-pushButton', { hasText: 'Move it' }).click();
    await expect.poll(() => cards().last().innerText()).toContain("Demo team's together group supervision is now");
    expect(await running.dispatcher.drain()).toBeGreaterThanOrEqual(1);
    await page.getByRole('button', { name: /Demo team › General/ }).click();
    await expect.poll(() => page.locator('#messages').innerText()).toContain('Group supervision has moved');
    expect(await page.locator('#messages').innerText()).toContain('for urgent work');
    // Everyone's in the channel, with who wrote it; private chats are not.
    // Who, and when, with weekday and year (issue 17: every date the bot writes is unambiguous).
    expect(await page.locator('#messages li.person .meta').first().innerText()).toMatch(
      /^Daniel Reid, [A-Z][a-z]{2},? \d{1,2} [A-Z][a-z]{2} \d{4},? \d{2}:\d{2}$/,
    );
    await page.screenshot({ path: path.join(shots, '10-b-team-channel.png') });
  });

  it('moves the bot clock forward with time travel', async () => {
    const before = clock.now().getTime();
    await page.getByRole('button', { name: '+1 week' }).click();
    await expect.poll(() => clock.now().getTime() - before).toBeGreaterThanOrEqual(7 * 86_400_000);
    const shown = new Date(clock.now()).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'Europe/London' });
    await expect.poll(() => page.locator('#now').innerText()).toContain(shown);
    await expect.poll(() => page.locator('#moved').innerText()).toMatch(/^\(moved on 7 days( \d+ hours?)? from real time\)$/);
    // A week of reminders about the demo's booked sessions: Priya prepares for hers and is reminded on
    // the day; afterwards Daniel, her supervisor, is asked whether it was held.
    await page.getByRole('button', { name: /Priya Shah/ }).click();
    await expect.poll(() => page.locator('#messages').innerText()).toContain('Time to prepare.');
    await expect.poll(() => page.locator('#messages').innerText()).toContain('Supervision today');
    await page.getByRole('button', { name: /Daniel Reid/ }).click();
    await expect.poll(() => page.locator('#messages').innerText()).toContain('Was it held?');
    await page.screenshot({ path: path.join(shots, '10-a-week-of-reminders.png') });
    // The channel's reminder of the group session moved above, two working days before it.
    await page.getByRole('button', { name: /Demo team › General/ }).click();
    await expect.poll(() => page.locator('#messages').innerText()).toMatch(/Group supervision (on \w{3} \d+ \w{3} \d{4}|today)/);
  });
});
