import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { intakeModal } from '../../../src/bot/slack/slack-modals.js';
import { createCatalogueIndex, loadCatalogue } from '../../../src/config/load-catalogue.js';
import type { IntakeReply } from '../../../src/services/intake/intake-engine.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import { slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { clickInModal, type ModalButton } from '../../helpers/slack-modal.js';

/**
 * The shipped catalogue with the printing area's yes/no question ("Are others affected?") called `closed`, as if it
 * had got past the start-up check that refuses that id (catalogue-form-ids): only so can the report form show it.
 */
function withClosedYesNo() {
  const catalogue = loadCatalogue(fileURLToPath(new URL('../../../config/catalogue.yaml', import.meta.url)));
  const printing = catalogue.categories.find((c) => c.id === 'printing')!;
  const question = printing.questions!.find((q) => q.kind === 'yes_no')!;
  question.id = 'closed';
  return createCatalogueIndex(catalogue);
}

interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; element?: { action_id: string }; elements?: ModalButton[] }[];
}

const BO = { id: slackUsers.bo.id, name: 'bo' };
const KEY = `slack:modal:${slackUsers.bo.id}`;

describe('slack report form: why a yes/no question may not be called "closed"', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: withClosedYesNo() }), slackUsers.bo);

  /** Bo's report in the form, answered by the intake up to the step asking the question `closed`: that modal. */
  async function atClosedQuestion(): Promise<Modal> {
    const base = { conversationKey: KEY, person: await h.person(slackUsers.bo), platform: 'slack' as const };
    const form = { ...base, surface: 'form' as const };
    let reply: IntakeReply = await h.intake.handle({ ...form, text: 'The printer on the 2nd floor prints nothing' });
    reply = await h.intake.handle({ ...form, action: { verb: 'intake_category', categoryId: 'printing' } });
    for (let turn = 0; turn < 20; turn++) {
      const input = [...reply.views].reverse().find((v) => v.form)?.form?.inputs[0];
      if (input?.id === 'closed') return intakeModal(reply.views, 'da') as unknown as Modal;
      reply = await h.intake.handle({ ...form, text: input?.kind === 'choice' ? '1' : 'Building 1481, room 235' });
    }
    throw new Error('the question "closed" was never asked');
  }

  /** Bo clicks the form's red Cancel, the box of the question `closed` ticked or not. */
  const cancel = async (modal: Modal, ticked: boolean) => {
    const box = { type: 'checkboxes', selected_options: ticked ? [{ value: 'true' }] : [] };
    return clickInModal<Modal>(h, BO, modal, (b) => b.action_id.startsWith('intake_cancel'), { closed: box });
  };

  it('unticked, Cancel discards the report', async () => {
    const shown = await cancel(await atClosedQuestion(), false);
    expect(JSON.stringify(shown.blocks)).not.toContain(intakeMessages.da.formClosedKept);
    expect(await h.services.store.getConversation(KEY)).toBeNull();
  });

  it('ticked, Cancel keeps the report as if the form had been closed: the collision the start-up check prevents', async () => {
    const shown = await cancel(await atClosedQuestion(), true);
    expect(JSON.stringify(shown.blocks)).toContain(intakeMessages.da.formClosedKept);
    expect(await h.services.store.getConversation(KEY)).not.toBeNull();
  });
});
