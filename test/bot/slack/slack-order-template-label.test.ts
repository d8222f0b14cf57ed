import { describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../../src/cards/slack/slack-text.js';
import { createCatalogueIndex } from '../../../src/config/catalogue-index.js';
import { shippedCatalogue } from '../../helpers/services.js';
import { recordPosts, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';
import { clickInModal, type ModalButton, openModal, reportShortcut } from '../../helpers/slack-modal.js';
import { slackDm } from '../../helpers/slack-requests.js';

/** The template in the orders' category, named at length (as a faculty may well name it). */
const LONG_NAME = {
  en: 'New employee at the Faculty of Arts, Aarhus: standard laptop with docking station and headset',
  da: 'Ny medarbejder ved Arts, Aarhus Universitet: standard-bærbar med dockingstation og headset',
};
const MARK = { en: '(opens the order form)', da: '(åbner bestillingsformularen)' };

/** The shipped catalogue with `new-employee-laptop` named `LONG_NAME`. */
function longNamedTemplate() {
  const source = shippedCatalogue().catalogue;
  return createCatalogueIndex({
    ...source,
    caseTemplates: source.caseTemplates.map((t) => (t.id === 'new-employee-laptop' ? { ...t, name: LONG_NAME } : t)),
  });
}

const JONAS = slackUsers.jonas;
/** Emma, support staff, with a Danish Slack. */
const EMMA = { ...slackUsers.emma, locale: 'da-DK' };

/** Who writes for the template list in the DM, the word they write, and their language. */
const ASKED = [
  [JONAS, 'template', 'en'],
  [EMMA, 'skabelon', 'da'],
] as const;

interface Modal {
  callback_id: string;
  private_metadata?: string;
  blocks: {
    type: string;
    elements?: ModalButton[];
    element?: { action_id: string; options?: { text: { text: string }; value: string }[] };
  }[];
}

/** The option texts of the `templateId` menu of rendered blocks, by template id. */
function templateOptions(blocks: Modal['blocks']): Record<string, string> {
  const menu = blocks.find((b) => b.element?.action_id === 'templateId')?.element;
  expect(menu?.options, 'the template menu').toBeDefined();
  return Object.fromEntries((menu?.options ?? []).map((o) => [o.value, o.text.text]));
}

describe('Slack: a long template name is cut in the template list, its "opens the order form" kept', () => {
  const h = slackHarnessPerTest(() => ({ catalogue: longNamedTemplate() }), JONAS, EMMA);

  it('lists the template in the report form with its mark whole, within what Slack shows (English, Danish)', async () => {
    for (const [user, locale] of [
      [JONAS, 'en'],
      [EMMA, 'da'],
    ] as const) {
      const req = { id: user.id, name: user.name };
      const first = await openModal<Modal>(h, reportShortcut(req));
      const list = await clickInModal<Modal>(h, req, first, (b) => {
        const v = typeof b.value === 'string' ? (JSON.parse(b.value) as Record<string, unknown>) : {};
        return v['verb'] === 'intake_start' && v['mode'] === 'template';
      });
      const label = templateOptions(list.blocks)['new-employee-laptop'] ?? '';
      expect(Array.from(label).length, label).toBeLessThanOrEqual(SLACK_LIMITS.option);
      expect(label.endsWith(` ${MARK[locale]}`), label).toBe(true);
      expect(label.startsWith(LONG_NAME[locale].slice(0, 30)), label).toBe(true);
      expect(label).toContain('…');
    }
  });

  /** The bot's last `answer` to `user` in the DM is the template's order form, and their order draft holds its laptop. */
  async function expectOrderForm(answer: string, user: { id: string }, locale: 'en' | 'da'): Promise<void> {
    expect(answer).toContain('order_items');
    expect(answer).not.toContain(locale === 'en' ? 'Please choose one of the options' : 'Vælg venligst en af');
    const draft = await h.services.store.getConversation(`order:slack:dm:${user.id}`);
    expect(draft?.state).toMatchObject({ quantities: { 'laptop-thinkpad-t14-g5': 1 } });
  }

  it('takes the template written in the DM as its list shows it, the cut name and the mark (English, Danish)', async () => {
    const posted = recordPosts(h);
    for (const [user, word, locale] of ASKED) {
      await h.send(slackDm(`Ev-${user.id}-1`, user, word));
      const list = JSON.parse(posted.at(-1) ?? '[]') as Modal['blocks'];
      const shown = templateOptions(list)['new-employee-laptop'] ?? '';
      expect(shown.endsWith(MARK[locale])).toBe(true);

      await h.send(slackDm(`Ev-${user.id}-2`, user, shown));
      await expectOrderForm(posted.at(-1) ?? '', user, locale);
    }
  });

  it('takes the template written with its name whole and the mark, as before the name was cut (English, Danish)', async () => {
    const posted = recordPosts(h);
    for (const [user, word, locale] of ASKED) {
      await h.send(slackDm(`Ev-${user.id}-1`, user, word));
      await h.send(slackDm(`Ev-${user.id}-2`, user, `${LONG_NAME[locale]} ${MARK[locale]}`));
      await expectOrderForm(posted.at(-1) ?? '', user, locale);
    }
  });
});
