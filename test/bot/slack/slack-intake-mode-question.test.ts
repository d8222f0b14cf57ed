import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { intakeModal } from '../../../src/bot/slack/slack-modals.js';
import { createCatalogueIndex, loadCatalogue } from '../../../src/config/load-catalogue.js';
import type { ManualClock } from '../../../src/services/clock.js';
import type { IntakeReply } from '../../../src/services/intake/intake-engine.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { submitModalStep } from '../../helpers/slack-modal.js';

/**
 * The shipped catalogue with the printing area's choice question ("What is it about?") called `mode` and its first
 * two options `quick` and `template`, as if it had got past the start-up check that refuses that (catalogue-start-ids):
 * only so can the report form ask it.
 */
function withModeQuestion() {
  const catalogue = loadCatalogue(fileURLToPath(new URL('../../../config/catalogue.yaml', import.meta.url)));
  const printing = catalogue.categories.find((c) => c.id === 'printing')!;
  const question = printing.questions!.find((q) => q.kind === 'choice')!;
  question.id = 'mode';
  question.options![0]!.value = 'quick';
  question.options![1]!.value = 'template';
  return createCatalogueIndex(catalogue);
}

interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: unknown[];
}

const KEY = `slack:modal:${slackUsers.jonas.id}`;

describe('slack report form: why a question called "mode" may not offer a staff path as an answer', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: withModeQuestion() }), slackUsers.jonas);

  /** Jonas's (staff) report in the form, answered by the intake up to the question `mode`; a day later: that modal. */
  async function atModeQuestionNextDay(): Promise<Modal> {
    const form = {
      conversationKey: KEY,
      person: await h.person(slackUsers.jonas),
      platform: 'slack' as const,
      surface: 'form' as const,
    };
    let reply: IntakeReply = await h.intake.handle({ ...form, text: 'The printer on the 2nd floor prints nothing' });
    reply = await h.intake.handle({ ...form, action: { verb: 'intake_category', categoryId: 'printing' } });
    for (let turn = 0; turn < 20; turn++) {
      const input = [...reply.views].reverse().find((v) => v.form)?.form?.inputs[0];
      if (input?.id === 'mode') {
        (h.services.clock as ManualClock).advance(25 * 3_600_000);
        return intakeModal(reply.views, 'en') as unknown as Modal;
      }
      reply = await h.intake.handle({ ...form, text: input?.kind === 'choice' ? '1' : 'Building 1481, room 235' });
    }
    throw new Error('the question "mode" was never asked');
  }

  /** Jonas answers `mode` with `value` and presses Next: the modal shown then, as text. */
  const answer = async (value: string) => {
    const modal = await atModeQuestionNextDay();
    const chosen = { type: 'static_select', selected_option: { value } };
    return JSON.stringify(await submitModalStep<Modal>(h, slackUsers.jonas, modal, { mode: chosen }));
  };

  it('an answer that is no staff path restarts the expired report with what it held', async () => {
    const shown = await answer('scanning');
    expect(shown).toContain(intakeMessages.en.expiredTitle);
    expect(shown).not.toContain(intakeMessages.en.quickPrompt.slice(0, 40));
    expect(await h.services.store.getConversation(KEY)).toMatchObject({ state: { mode: 'self' } });
  });

  it('"quick" turns the restarted report into the quick cases: the collision the start-up check prevents', async () => {
    const shown = await answer('quick');
    expect(shown).toContain(intakeMessages.en.quickPrompt.slice(0, 40));
    expect(await h.services.store.getConversation(KEY)).toMatchObject({ state: { mode: 'quick', answers: {} } });
  });

  it('"template" turns it into the list of case templates', async () => {
    const shown = await answer('template');
    expect(shown).toContain(intakeMessages.en.templateTitle);
    expect(await h.services.store.getConversation(KEY)).toMatchObject({ state: { mode: 'template' } });
  });
});
