import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { conversationKeys } from '../../../src/bot/slack/slack-ids.js';
import { recordPosts, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { openModal } from '../../helpers/slack-modal.js';
import { slackDm, slashCommand } from '../../helpers/slack-requests.js';

const RESPONSE_URL = 'https://hooks.slack.test/commands/T0AU/77';
const JONAS = slackUsers.jonas;
const ANNA = slackUsers.anna;

interface Modal {
  blocks: unknown[];
  private_metadata: string;
}

interface Draft {
  step: string;
  mode: string;
  onBehalf?: { query: string; user?: { email?: string }; channel?: string };
}

describe('slack: staff start the templates for someone in one command, or with "template" at the contact step', () => {
  const h = slackHarnessPerTest({}, JONAS, ANNA);

  const command = (text: string) => slashCommand({ id: JONAS.id, name: 'jonas' }, text, { responseUrl: RESPONSE_URL });
  const modalDraft = async () =>
    (await h.services.store.getConversation(conversationKeys.modal(JONAS.id)))?.state as Draft | undefined;

  it('opens the report form at the templates for Anna, by phone, with /incident new for <e-mail> template', async () => {
    const view = await openModal<Modal>(h, command(`new for ${ANNA.email} template`));
    expect(JSON.parse(view.private_metadata).submit).toMatchObject({ step: 'template' });
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Reached us by: Phone, as the contact step offers it.');
    expect(text).not.toContain('How did Anna Berg contact us?');
    expect(await modalDraft()).toMatchObject({
      mode: 'template',
      onBehalf: { query: ANNA.email, user: { email: ANNA.email }, channel: 'phone' },
    });
  });

  it('finds exactly the person mentioned and goes on to the templates with /incident ny for @Anna skabelon', async () => {
    const view = await openModal<Modal>(h, command(`ny for <@${ANNA.id}> skabelon`));
    expect(JSON.parse(view.private_metadata).submit).toMatchObject({ step: 'template' });
    expect(await modalDraft()).toMatchObject({
      step: 'template',
      onBehalf: { query: ANNA.email, user: { email: ANNA.email }, channel: 'phone' },
    });
  });

  it('takes "template" written in the DM at the contact step as the From a template button: the templates next', async () => {
    const posted = recordPosts(h);
    let events = 0;
    const say = async (text: string): Promise<string> => {
      const from = posted.length;
      await h.send(slackDm(`EvTpl${++events}`, JONAS, text));
      return posted.slice(from).join('\n');
    };
    const dmDraft = async () =>
      (await h.services.store.getConversation(conversationKeys.dm(JONAS.id)))?.state as Draft | undefined;

    expect(await say(`new for ${ANNA.email}`)).toContain('How did Anna Berg contact us?');
    const templates = await say('template');
    expect(templates).toContain('Started over from a template, still for Anna Berg');
    expect(templates).toContain('Reached us by: Phone');
    expect(templates).not.toContain('How did Anna Berg contact us?');
    expect(await dmDraft()).toMatchObject({ step: 'template', onBehalf: { channel: 'phone' } });

    // Written in one message in the DM, in Danish words.
    await say('cancel');
    expect(await say(`ny for ${ANNA.email} skabelon`)).toContain('Case from a template');
    expect(await dmDraft()).toMatchObject({ step: 'template', onBehalf: { user: { email: ANNA.email } } });
  });

  it('lists new for <person> [template] in the staff help of the slash command', async () => {
    const responded: string[] = [];
    nock('https://hooks.slack.test')
      .post('/commands/T0AU/77', (b: { text: string }) => {
        responded.push(b.text);
        return true;
      })
      .reply(200, 'ok')
      .persist();
    await h.send(command('help'));
    // Slack's text escapes < and >.
    expect(responded.join('\n')).toContain(
      "For support staff:\n• /incident new for &lt;person&gt; [template]: report on someone's behalf (name, e-mail",
    );
  });
});
