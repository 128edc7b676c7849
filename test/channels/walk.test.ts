// Triggers from raise to signed record over HTTP, through Teams and through Slack as the platforms
// send them: each of Cafcass's eight, a Bexley closure decision and an Islington significant decision.
// And no outgoing message carries a child's name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postTeams, startBot, TEAMS, teamsActivity, type BotHarness } from '../support/botServer.js';
import { pack } from '../support/packs.js';
import { walkSlack, walkTeams } from '../support/walk.js';

// Invented children's names a practitioner might be tempted to type. None may ever leave the bot.
const childrenNames = ['Jayden Okoro', 'Amelia Hart', 'Tyler Brooks'];

async function outgoing(harness: BotHarness): Promise<string> {
  return JSON.stringify([
    harness.connector.sent,
    harness.slack.calls,
    harness.slack.responses,
    await harness.store.db.selectFrom('outbox').select('payload').execute(),
  ]);
}

describe.each([
  // Every trigger a practitioner raises (a supervisor's, raisedBy: supervisor, has its own form: test/flows/triggerGaps.test.ts).
  {
    policy: 'cafcass',
    caseReference: 'CF-204518',
    triggers: Object.entries(pack('cafcass').pack.triggers)
      .filter(([, trigger]) => trigger.raisedBy !== 'supervisor')
      .map(([id]) => id),
  },
  { policy: 'bexley', caseReference: 'ICS-55012', triggers: ['closure'] },
  { policy: 'islington', caseReference: 'LCS-778812', triggers: ['significant-decision'] },
])('$policy triggers over HTTP', ({ policy, caseReference, triggers }) => {
  let harness: BotHarness;
  beforeAll(async () => {
    harness = await startBot({ POLICY: policy });
  });
  afterAll(async () => harness.close());
  const catalogue = pack(policy).pack.triggers;

  it('walks each through Teams: raise, accept, record, sign', async () => {
    for (const person of [TEAMS.supervisor, TEAMS.practitioner]) await postTeams(harness, teamsActivity(harness, { from: person, text: 'help' }));
    for (const triggerId of triggers) await walkTeams(harness, triggerId, catalogue[triggerId]!, caseReference);
    expect(await harness.store.db.selectFrom('trigger_request').select('state').where('state', '=', 'signed').execute()).toHaveLength(triggers.length);
  });

  it('walks each through Slack: the modal, the buttons, the signature', async () => {
    // From here on the supervisor is reached in Slack: forget their Teams conversation.
    await harness.store.db
      .updateTable('chat_identity')
      .set({ conversation_reference: null, direct_conversation_id: null })
      .where('platform', '=', 'teams')
      .execute();
    for (const triggerId of triggers) await walkSlack(harness, triggerId, catalogue[triggerId]!, caseReference);
    expect(await harness.store.db.selectFrom('trigger_request').select('state').where('state', '=', 'signed').execute()).toHaveLength(2 * triggers.length);
  });

  it("sent no child's name anywhere, on either platform", async () => {
    const sent = await outgoing(harness);
    expect(sent.length).toBeGreaterThan(5_000);
    for (const name of childrenNames) expect(sent).not.toContain(name);
    expect(sent).toContain(caseReference);
  });
});
