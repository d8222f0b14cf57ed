import { describe, expect, it } from 'vitest';
import type { CardAction } from '../../src/cards/card-actions.js';
import { CaseActions } from '../../src/services/case-actions.js';
import type { ActionOutcome } from '../../src/services/lifecycle/case-service.js';
import { people } from '../helpers/people.js';

describe('CaseActions', () => {
  it('sends order case verbs to the order service and every other verb to the case service', async () => {
    const seen: string[] = [];
    const outcome = (who: string) => async (_actor: unknown, a: CardAction) => {
      seen.push(`${who}:${a.verb}`);
      return { ok: false, code: 'CASE.NOT_FOUND', reply: { kind: 'message', locale: 'en', text: '' } } as ActionOutcome;
    };
    const unused = async () => {
      throw new Error('not called');
    };
    const actions = new CaseActions({
      cases: {
        act: outcome('cases'),
        userReply: unused,
        userComment: unused,
        receipt: unused,
        lookup: unused,
        mine: unused,
        queue: unused,
      },
      orders: { act: outcome('orders') },
    });
    await actions.act(people.karen, { verb: 'order_approve', caseId: 'c1', version: 1 });
    await actions.act(people.jonas, { verb: 'claim', caseId: 'c1', version: 1 });
    await actions.act(people.jonas, {
      verb: 'declare_major',
      caseId: 'c1',
      version: 1,
      summaryDa: 'Nede',
      summaryEn: 'Down',
    });
    expect(seen).toEqual(['orders:order_approve', 'cases:claim', 'cases:declare_major']);
  });
});
