// The oversight report's HTML page (issue 20) opened in Chromium (Debian's, driven by playwright-core): one
// self-contained page that loads nothing from elsewhere, whose three charts are SVG drawn on the server by
// Vega-Lite, with as many marks as the figures say. The history is known by construction: Islington holds
// case supervision every calendar month; all four started on 2 February 2026 and nobody held February's (0%);
// from March to August, North's two case holders hold theirs on the 15th every month (100% on time), South's
// Cara every month and Dan only until May (June to August: 50%). In August Ava raises two urgent matters,
// accepted after 1 and 3 hours: North's median is 1 hour, its 90th percentile 3; neither is recorded, so
// North has two records past their deadline.
// The screenshot is the README's (test-output/report/report.png, copied to docs/report.png).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/paths.js';
import { produceReport } from '../../src/reports/produce.js';
import { databases } from '../support/databases.js';
import { flowSetup, held, raise } from '../support/flowSetup.js';
import { runAction } from '../../src/flows/router.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
const shots = path.join(projectRoot, 'test-output', 'report');

if (!haveChromium) {
  if (process.env.CI) throw new Error(`CI must run the browser tests, but ${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
  console.warn(`Skipping the report page's browser test: no Chromium at ${CHROMIUM} (apt-get install -y chromium to run it).`);
}

const directory = `email,name,role,team,supervisor,cohort,start_date
service@example.org,Helen Service,manager,North,,,
north.supervisor@example.org,Nia Supervisor,supervisor,North,service@example.org,,
south.supervisor@example.org,Sam Supervisor,supervisor,South,service@example.org,,
ava@example.org,Ava Patel,practitioner,North,north.supervisor@example.org,case-holder,2026-02-02
ben@example.org,Ben Okafor,practitioner,North,north.supervisor@example.org,case-holder,2026-02-02
cara@example.org,Cara Jones,practitioner,South,south.supervisor@example.org,case-holder,2026-02-02
dan@example.org,Dan <Smith>,practitioner,South,south.supervisor@example.org,case-holder,2026-02-02
`;

describe.runIf(haveChromium)('the report page in a browser', () => {
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the trend, the teams and the kinds as SVG charts with a mark for each figure, loads nothing from elsewhere, and prints the figures beside them (Islington, 2026-08)', async () => {
    const { store, people, context, clock } = await flowSetup(databases[0]!, { policy: 'islington', directory, at: '2026-03-02T09:00:00Z' });
    const supervisorOf: Record<string, string> = { ava: 'north.supervisor', ben: 'north.supervisor', cara: 'south.supervisor', dan: 'south.supervisor' };
    for (const month of [3, 4, 5, 6, 7, 8])
      for (const who of ['ava', 'ben', 'cara', 'dan']) {
        if (who === 'dan' && month > 5) continue;
        await held({ store, people }, who, supervisorOf[who]!, `2026-${String(month).padStart(2, '0')}-15T09:00:00Z`);
      }
    for (const [id, raised, accepted] of [
      ['00000000-0000-4000-8000-0000000000a1', '2026-08-03T10:00:00Z', '2026-08-03T11:00:00Z'],
      ['00000000-0000-4000-8000-0000000000a2', '2026-08-04T10:00:00Z', '2026-08-04T13:00:00Z'],
    ] as const) {
      clock.advance(Date.parse(raised) - clock.now().getTime());
      await raise(context, people.ava!, id, { triggerId: 'urgent-matter', urgency: 'urgent', caseReference: '1048213' });
      clock.advance(Date.parse(accepted) - clock.now().getTime());
      await runAction(context, people['north.supervisor']!, 'trigger.accept', { requestId: id });
    }
    const { text: html } = await produceReport(context, {
      month: { year: 2026, month: 8 },
      format: 'html',
      now: new Date('2026-09-10T10:00:00Z'),
      actorId: null,
      via: 'test',
    });
    // Self-contained: no script, no stylesheet or image fetched, and the directory's text escaped.
    expect(html).not.toMatch(/<script|<link|<img|src="|url\(/i);
    expect(html).toContain('Dan &lt;Smith&gt;');
    const file = path.join(shots, 'report.html');
    writeFileSync(file, html);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${file}`);
    expect(requests).toEqual([`file://${file}`]);

    const charts = page.locator('.chart svg.marks');
    expect(await charts.count()).toBe(5);
    const [trend, teams, kinds, accept, records] = [charts.nth(0), charts.nth(1), charts.nth(2), charts.nth(3), charts.nth(4)];
    // The trend: one line per team, a point for each month with supervision due (February to August: 7 each).
    expect(await trend.locator('g.mark-line.role-mark path').count()).toBe(2);
    expect(await trend.locator('g.mark-symbol.role-mark path').count()).toBe(14);
    // By team in August: North, 2 on time (one bar); South, 1 on time and 1 not held (two bars).
    expect(await teams.locator('g.mark-rect.role-mark path').count()).toBe(3);
    // By kind: case supervision only, 3 on time and 1 not held.
    expect(await kinds.locator('g.mark-rect.role-mark path').count()).toBe(2);
    // Time to accept: North's median and 90th percentile, two bars.
    expect(await accept.locator('g.mark-rect.role-mark path').count()).toBe(2);
    expect(
      await page.locator('section', { hasText: 'Situational supervision' }).locator('tr', { hasText: 'North' }).first().locator('td').allInnerTexts(),
    ).toEqual(['North', '2', '2', '0', '0', '0', '0', '0', '1', '3', '100%']);
    // Records: North's two not written past their deadline, one bar.
    expect(await records.locator('g.mark-rect.role-mark path').count()).toBe(1);
    for (const chart of [trend, teams, kinds, accept, records]) expect((await chart.boundingBox())!.width).toBeGreaterThan(200);

    const trendRow = async (team: string) => page.locator('table').first().locator('tr', { hasText: team }).locator('td').allInnerTexts();
    // September 2025 to January 2026: nobody had started, nothing due.
    expect(await trendRow('North')).toEqual(['North', '—', '—', '—', '—', '—', '0%', '100%', '100%', '100%', '100%', '100%', '100%']);
    expect(await trendRow('South')).toEqual(['South', '—', '—', '—', '—', '—', '0%', '100%', '100%', '100%', '50%', '50%', '50%']);
    await expect.poll(() => page.locator('.headline').innerText()).toContain('75%');
    await page.screenshot({ path: path.join(shots, 'report.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
