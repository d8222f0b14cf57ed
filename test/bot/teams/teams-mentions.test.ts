import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ANNA, aChannelMessage, aPersonalMessage, BOT_ID, MIA, type TestUser } from '../../helpers/teams-activities.js';
import { CONNECTOR_HOST, startTeamsHarness, type TeamsHarness } from '../../helpers/teams-harness.js';

type Posted = { type: string; text?: string; entities?: unknown[]; attachments?: { content: unknown }[] };

let h: TeamsHarness;
let sent: Posted[];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});

beforeEach(async () => {
  h = await startTeamsHarness();
  sent = [];
  nock(CONNECTOR_HOST)
    .persist()
    .post(/\/teams\/v3\/conversations\/.+\/activities(\/.*)?$/)
    .reply(200, (_path, body) => {
      sent.push(body as Posted);
      return { id: `sent-${sent.length}` };
    });
});

afterEach(async () => {
  await h.close();
  nock.cleanAll();
});

const EMMA = { id: '29:emma', name: 'Emma Skov' };
const BOT = { id: BOT_ID, name: 'Incident bot' };

/** A `mention` entity as Teams sends it with a message. */
function mention(who: { id: string; name: string }, text = `<at>${who.name}</at>`) {
  return { type: 'mention', text, mentioned: who };
}

const clientInfo = { type: 'clientInfo', locale: 'en-US', country: 'DK', platform: 'Web' };

/** A message in a team channel as Teams sends it: the bot's mention first, with its entity and the others. */
function aMentioningChannelMessage(user: TestUser, text: string, entities: unknown[]) {
  return { ...aChannelMessage(user, text), entities: [mention(BOT), ...entities, clientInfo] };
}

const cardText = (p: Posted): string => JSON.stringify(p.attachments?.[0]?.content ?? {});

/** Every string in a sent activity (its card's texts among them). */
function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'object' || value === null) return [];
  return Object.values(value).flatMap(textsOf);
}

/** Half of a surrogate pair without its other half: an emoji cut in two. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('Teams messages that @mention people', () => {
  it('keeps a mentioned person in a report as @Name, as Slack does, instead of dropping them', async () => {
    const text = 'The printer in room 1.23 is broken for <at>Emma Skov</at> and me';
    await h.post(aPersonalMessage(ANNA, text, { entities: [clientInfo, mention(EMMA)] }));
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['The printer in room 1.23 is broken for @Emma Skov and me']);
  });

  it("takes the name from the entity, else from the tag, when Teams' tag and entity differ or there is none", async () => {
    // Teams numbers the tags of some clients (`<at id="0">`) and leaves out the entity's text for names with "&".
    await h.post(
      aPersonalMessage(ANNA, 'Ask <at id="0">Emma</at> or <at>R&amp;D Desk</at>', {
        entities: [{ type: 'mention', text: '<at id="0">Emma</at>', mentioned: EMMA }],
      }),
    );
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['Ask @Emma Skov or @R&D Desk']);
  });

  it('answers a message that is only a mention, which it used to pass over in silence', async () => {
    await h.post(aPersonalMessage(ANNA, '<at>Emma Skov</at>', { entities: [mention(EMMA)] }));
    expect(h.intake.inputs.map((i) => i.text)).toEqual(['@Emma Skov']);
    expect(sent).toHaveLength(1);
  });

  it('answers a channel post that only @mentions the bot with the channel help', async () => {
    await h.post({ ...aChannelMessage(MIA, ''), entities: [mention(BOT)] });
    expect(sent).toHaveLength(1);
    expect(cardText(sent[0]!)).toContain('In a channel or group chat I understand');
  });

  it('keeps the mention in add <number> text', async () => {
    await h.post(aPersonalMessage(ANNA, 'add INC-000123 <at>Emma Skov</at> has it too', { entities: [mention(EMMA)] }));
    expect(h.cases.comments.map((c) => [c.ref, c.text])).toEqual([['INC-000123', '@Emma Skov has it too']]);
  });

  it('removes only the bot from a channel post: search and major declare keep the person they name', async () => {
    await h.post(aMentioningChannelMessage(MIA, 'search <at>Anna Jensen</at>', [mention(ANNA)]));
    await h.post(
      aMentioningChannelMessage(MIA, 'major declare INC-000123 Mail down for <at>Emma Skov</at>', [mention(EMMA)]),
    );
    expect(h.staff.calls.map((c) => [c.method, ...c.args])).toEqual([
      ['search', { words: ['@Anna', 'Jensen'] }],
      ['declare', 'INC-000123', 'Mail down for @Emma Skov'],
    ]);
  });

  it('removes the bot wherever its mention stands, and an untagged channel post still starts with it', async () => {
    await h.post({ ...aPersonalMessage(MIA, 'status INC-000123 <at>Incident bot</at>'), entities: [mention(BOT)] });
    // No entities (an older client, the Playground): the <at> opening a channel post, and one naming the bot, go.
    await h.post(aChannelMessage(MIA, 'status <at>Incident bot</at> INC-000124'));
    expect(sent.map(cardText).map((t) => /INC-00012[34]/.exec(t)?.[0])).toEqual(['INC-000123', 'INC-000124']);
  });

  it('echoes a mention as plain text that pings nobody', async () => {
    await h.post(aPersonalMessage(ANNA, 'status <at>Emma Skov</at>', { entities: [mention(EMMA)] }));
    expect(sent).toHaveLength(1);
    expect(cardText(sent[0]!)).toContain('@Emma Skov');
    expect(JSON.stringify(sent[0])).not.toContain('<at>');
    expect(JSON.stringify(sent[0])).not.toContain('"mention"');
  });

  it('cuts the echo of a bad argument between characters, never inside an emoji', async () => {
    // The 40th UTF-16 unit of the argument is the first half of the printer emoji.
    await h.post(aPersonalMessage(ANNA, `status ${'x'.repeat(39)}🖨️ printer`));
    const shown = textsOf(sent[0]).find((t) => t.includes('is not a case number')) ?? '';
    expect(shown).toContain('xxx');
    expect(shown).not.toMatch(LONE_SURROGATE);
  });
});
