import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import type { Person } from '../../../src/models/case.js';
import { OrderService } from '../../../src/services/orders/order-service.js';
import { people } from '../../helpers/people.js';
import { buildServices, okCase, type Services } from '../../helpers/services.js';
import { formOf, slackHarnessPerTest, slackUsers } from '../../helpers/slack-harness.js';

/**
 * A refused card action carries the fresh case card only for someone who may see the case (whoever may refresh
 * it, and any staff member): a forwarded card clicked by someone else gets the refusal text alone, so no
 * transport can show them the case by accident.
 */
describe('CaseService refusals and the case card', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  const details = (card: unknown): string => JSON.stringify(card ?? {});

  it('gives no card with a role refusal to someone without a role on the case (a forwarded card)', async () => {
    const c = await s.reportWifi();
    for (const verb of ['claim', 'resolve', 'close'] as const) {
      const out = await s.service.act(people.bo, { verb, caseId: c.id, version: c.version } as never);
      expect(out.ok).toBe(false);
      if (out.ok) continue;
      expect(out.code).toBe('CASE.FORBIDDEN');
      expect(out.card).toBeUndefined();
      expect(out.reply.text).not.toContain('Anna Berg');
    }
  });

  it('gives no card with a refusal that comes before any role check (an order step on a case that is no order)', async () => {
    const c = await s.reportWifi();
    const orders = new OrderService(s.service['ctx'].deps);
    const out = await orders.act(people.bo, { verb: 'order_received', caseId: c.id, version: c.version });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.code).toBe('CASE.INVALID_INPUT');
    expect(out.card).toBeUndefined();
  });

  const staffRefusals: [string, Person][] = [
    ['a member of the group holding it (state refusal)', people.jonas],
    ['staff of another group (role refusal)', people.thor],
    ['an admin', people.birgitte],
  ];
  for (const [who, actor] of staffRefusals) {
    it(`gives the fresh card with the refusal to ${who}`, async () => {
      const c = await s.reportWifi();
      const out = await s.service.act(actor, { verb: 'close', caseId: c.id, version: c.version });
      expect(out.ok).toBe(false);
      if (out.ok) return;
      expect(out.card?.number).toBe(c.number);
      expect(details(out.card)).toContain('Eduroam drops every few minutes');
    });
  }

  it('gives the user the fresh card with a refusal on their own case', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const out = await s.service.act(people.anna, { verb: 'confirm_solved', caseId: c.id, version: c.version });
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.code).toBe('CASE.INVALID_TRANSITION');
    expect(out.card?.number).toBe(c.number);
  });
});

/** The same rule as Slack shows it: the refusal goes to the clicker as an ephemeral message. */
describe('Slack card clicks refused to someone without a role on the case', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.anna, slackUsers.jonas, slackUsers.emma);

  function click(user: { id: string; name: string }, card: ReturnType<typeof renderCaseCardBlocks>, verb: string) {
    const block = card.blocks.find((b) => b.type === 'actions' && b.block_id?.endsWith('|buttons')) as {
      block_id: string;
      elements: { action_id: string; value?: string }[];
    };
    const button = block.elements.find((e) => e.action_id === verb);
    if (!button) throw new Error(`no ${verb} button`);
    return {
      kind: 'interactive' as const,
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: { id: user.id, name: user.name },
        api_app_id: 'A0APP',
        trigger_id: 'trigger-click',
        container: { type: 'message', channel_id: 'C0ELSEWHERE', message_ts: '1700000000.000100' },
        channel: { id: 'C0ELSEWHERE', name: 'somewhere-else' },
        message: { ts: '1700000000.000100', text: card.text },
        actions: [{ type: 'button', action_id: verb, block_id: block.block_id, value: button.value, action_ts: '1' }],
      },
    };
  }

  function ephemerals(): Record<string, string>[] {
    const posted: Record<string, string>[] = [];
    h.api()
      .persist()
      .post('/api/chat.postEphemeral', (b) => {
        posted.push(formOf(b));
        return true;
      })
      .reply(200, { ok: true, message_ts: '1700000002.000300' });
    return posted;
  }

  it('tells Bo the refusal alone, without the case, when he clicks a stale forwarded card of Anna’s case', async () => {
    const anna = await h.person(slackUsers.anna);
    const jonas = await h.person(slackUsers.jonas);
    const c = await h.services.reportWifi(anna);
    const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const card = renderCaseCardBlocks(seen.card);
    // The card Bo holds is stale: a conflict would show the fresh card, but the role is checked first.
    okCase(await h.services.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    const posted = ephemerals();
    await h.send(click(slackUsers.bo, card, 'claim'));
    expect(posted).toHaveLength(1);
    const shown = JSON.stringify(posted[0]);
    expect(shown).toContain(c.number);
    expect(shown).not.toContain('Eduroam drops every few minutes');
    expect(shown).not.toContain('anna.berg@cas.au.dk');
    expect(shown).not.toContain('Anna Berg');
    expect(posted[0]?.['blocks'] ?? '').not.toContain('"actions"');
  });

  it('shows staff the fresh card when their click was stale', async () => {
    const anna = await h.person(slackUsers.anna);
    const jonas = await h.person(slackUsers.jonas);
    const emma = await h.person(slackUsers.emma);
    const c = await h.services.reportWifi(anna);
    const seen = await h.services.service.act(emma, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const note = {
      verb: 'note',
      caseId: c.id,
      version: c.version,
      text: 'Asked about the room',
      visibility: 'internal',
    };
    okCase(await h.services.service.act(jonas, note as never));
    const posted = ephemerals();
    await h.send(click(slackUsers.emma, renderCaseCardBlocks(seen.card), 'claim'));
    expect(JSON.stringify(posted)).toContain('Eduroam drops every few minutes');
  });
});
