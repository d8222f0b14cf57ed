import { describe, expect, it } from 'vitest';
import { appPerTest } from '../../helpers/app-per-test.js';
import { stepOf } from '../../helpers/drive-intake.js';
import { type HardenedApp, teamsText } from '../../helpers/hardening-app.js';
import { ANNA, aPersonalMessage, personalConversation } from '../../helpers/teams-activities.js';

const apps = appPerTest('teams-mentions-');
/** Answers the intake's questions after the category (the first choice of each, "next" to keep the description). */
async function answerTheRest(app: HardenedApp, conversationKey: string): Promise<void> {
  const base = { conversationKey, person: { id: 'teams:aad-anna', name: ANNA.name }, platform: 'teams' as const };
  let reply = await app.app.services.intake.handle({ ...base, text: '1' });
  for (let turn = 0; turn < 30 && stepOf(reply) !== 'intake-summary'; turn++) {
    const input = [...reply.views].reverse().find((v) => v.form)?.form?.inputs[0];
    let text = 'It happens in building 1481, room 235';
    if (input?.id === 'what') text = 'next';
    else if (stepOf(reply) === 'intake-knowledge') text = 'no';
    else if (input?.kind === 'choice' || input?.kind === 'number') text = '1';
    else if (input?.kind === 'yes_no') text = 'yes';
    else if (input?.kind === 'date') text = '2025-03-01';
    reply = await app.app.services.intake.handle({ ...base, text });
  }
  expect(stepOf(reply)).toBe('intake-summary');
}

describe('Teams <at> mentions of other people in a report (the whole app)', () => {
  it('keeps the person in the report and shows them as plain @Name that pings nobody', async () => {
    const h = await apps.start(() => ({ rateLimit: false }));
    const tag = '<at>Emma Skov</at>';
    const activity = aPersonalMessage(ANNA, `The printer in room 1.23 is broken for ${tag} and me`, {
      entities: [{ type: 'mention', text: tag, mentioned: { id: '29:emma', name: 'Emma Skov' } }],
    });
    expect((await h.teams(activity)).status).toBe(200);
    const key = `teams:${personalConversation(ANNA).id}:${ANNA.aadObjectId}`;
    const store = h.app.services.store;
    await expect.poll(async () => (await store.getConversation(key)) !== null).toBe(true);
    const state = (await store.getConversation(key))?.state as { text?: string };
    // Who has the problem (PROCESS.md step 5, WHO) is part of what the user wrote.
    expect(state.text).toBe('The printer in room 1.23 is broken for @Emma Skov and me');

    // The rest of the questions (the description kept as the "what"), then "confirm" in the chat.
    await answerTheRest(h, key);
    h.teamsCalls.length = 0;
    expect((await h.teams(aPersonalMessage(ANNA, 'confirm'))).status).toBe(200);
    // The case card the desk's channel gets shows the person as written, in plain text.
    await expect.poll(() => h.teamsCalls.find((c) => c.path === '/teams/v3/conversations')).toBeDefined();
    const card = teamsText(h.teamsCalls.find((c) => c.path === '/teams/v3/conversations')!);
    expect(card).toContain('broken for @Emma Skov and me');
    for (const call of h.teamsCalls) {
      expect(teamsText(call)).not.toContain('<at>Emma');
      expect(teamsText(call)).not.toContain('29:emma');
    }
  });
});
