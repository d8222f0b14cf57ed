import { describe, expect, it } from 'vitest';
import { CARD_VERBS, type CardVerb, MAX_ACTION_TEXT, parseCardAction } from '../../src/cards/card-actions.js';

const onCase = { caseId: 'case-1', version: 4 };

/** One valid raw submission per verb, as a card would send it. */
const VALID: Record<CardVerb, Record<string, unknown>> = {
  claim: { verb: 'claim', ...onCase },
  assign: { verb: 'assign', ...onCase, assigneeEmail: 'bo@au.dk' },
  unassign: { verb: 'unassign', ...onCase },
  set_status: { verb: 'set_status', ...onCase, status: 'awaiting_vendor', vendorName: 'HP', vendorRef: 'T-1' },
  classify: { verb: 'classify', ...onCase, categoryId: 'vpn', type: 'incident', priority: 'P2', reason: 'Whole floor' },
  note: { verb: 'note', ...onCase, text: 'Called the user', visibility: 'public' },
  escalate_group: { verb: 'escalate_group', ...onCase, groupId: 'ops-network', reason: 'VPN core' },
  escalate_manager: { verb: 'escalate_manager', ...onCase, reasonCode: 'complaint', reason: 'Angry dean' },
  resolve: { verb: 'resolve', ...onCase, solution: 'Replaced toner' },
  close: { verb: 'close', ...onCase },
  return_to_technician: { verb: 'return_to_technician', ...onCase, reason: 'No solution text' },
  save_article: { verb: 'save_article', ...onCase },
  confirm_solved: { verb: 'confirm_solved', ...onCase },
  still_a_problem: { verb: 'still_a_problem', ...onCase, comment: 'Still offline' },
  evaluate: { verb: 'evaluate', ...onCase, score: 5 },
  acknowledge_escalation: { verb: 'acknowledge_escalation', ...onCase },
  refresh: { verb: 'refresh', caseId: 'case-1' },
  similar: { verb: 'similar', caseId: 'case-1', version: 3 },
  open_form: { verb: 'open_form', ...onCase, form: 'escalate' },
  intake_start: { verb: 'intake_start' },
  intake_category: { verb: 'intake_category', categoryId: 'printing' },
  intake_answer: { verb: 'intake_answer', values: { floor: '2', urgent: true } },
  intake_skip: { verb: 'intake_skip' },
  intake_back: { verb: 'intake_back' },
  intake_edit: { verb: 'intake_edit', step: 'floor' },
  intake_cancel: { verb: 'intake_cancel' },
  intake_confirm: { verb: 'intake_confirm' },
  intake_solved: { verb: 'intake_solved', articleId: 'kb-12' },
  intake_not_solved: { verb: 'intake_not_solved' },
  intake_urgency: { verb: 'intake_urgency', urgency: 'high' },
  intake_type: { verb: 'intake_type', type: 'service_request' },
  order_start: { verb: 'order_start' },
  order_items: { verb: 'order_items', values: { 'laptop-thinkpad-t14-g5': '1' } },
  order_details: { verb: 'order_details', values: { forWhom: 'self', costCentre: '12345' } },
  order_confirm: { verb: 'order_confirm' },
  order_cancel: { verb: 'order_cancel' },
  order_back: { verb: 'order_back' },
  order_approve: { verb: 'order_approve', ...onCase },
  order_reject: { verb: 'order_reject', ...onCase, reason: 'Not in this budget year' },
  order_ordered: { verb: 'order_ordered', ...onCase, vendor: 'Atea', reference: 'PO-1', expectedAt: '2025-03-14' },
  order_received: { verb: 'order_received', ...onCase },
  order_ready: { verb: 'order_ready', ...onCase, slot1: 'Tue 11 Mar 10:00', slot2: '' },
  order_slipped: { verb: 'order_slipped', ...onCase, expectedAt: '2025-03-21' },
  order_handout: { verb: 'order_handout', ...onCase },
  order_setup_help: { verb: 'order_setup_help', ...onCase, slot: 'Tue 11 Mar 10:00' },
  order_self_setup: { verb: 'order_self_setup', ...onCase },
  declare_major: { verb: 'declare_major', ...onCase, summaryDa: 'Eduroam er nede', summaryEn: 'Eduroam is down' },
  link_major: { verb: 'link_major', ...onCase, parentNumber: 'INC-000042' },
  unlink_major: { verb: 'unlink_major', ...onCase },
  major_update: { verb: 'major_update', ...onCase, text: 'The vendor is on site' },
  intake_join_major: { verb: 'intake_join_major', parentId: 'case-9' },
  intake_not_major: { verb: 'intake_not_major' },
};

function errorOf(raw: unknown) {
  const r = parseCardAction(raw);
  if (r.ok) throw new Error(`expected a refusal, got ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('parseCardAction', () => {
  it.each(Object.entries(VALID))('accepts %s when every field is present', (verb, raw) => {
    const r = parseCardAction(raw);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.verb).toBe(verb);
  });

  it('knows exactly the verbs the test table covers', () => {
    expect([...CARD_VERBS].sort()).toEqual(Object.keys(VALID).sort());
  });

  it('coerces version and score when Adaptive Card inputs send them as strings', () => {
    const r = parseCardAction({ verb: 'evaluate', caseId: 'c', version: '12', score: '3', comment: '' });
    expect(r).toEqual({ ok: true, value: { verb: 'evaluate', caseId: 'c', version: 12, score: 3 } });
  });

  it('refuses an unknown verb with a message naming it', () => {
    expect(errorOf({ verb: 'delete_everything', caseId: 'c', version: 1 })).toEqual({
      message: 'Unknown action "delete_everything".',
      field: 'verb',
    });
    expect(errorOf({ caseId: 'c' }).field).toBe('verb');
    expect(errorOf('claim').message).toMatch(/not an object/);
  });

  it('names the missing field when a required field is absent', () => {
    expect(errorOf({ verb: 'resolve', caseId: 'c', version: 1 })).toEqual({
      message: 'solution is missing.',
      field: 'solution',
      missing: true,
    });
    expect(errorOf({ verb: 'claim', caseId: 'c' }).field).toBe('version');
    expect(errorOf({ verb: 'escalate_group', caseId: 'c', version: 1, groupId: 'g' }).field).toBe('reason');
  });

  it('refuses a score out of range when evaluating', () => {
    expect(errorOf({ verb: 'evaluate', ...onCase, score: '6' })).toEqual({
      message: 'score must be at most 5.',
      field: 'score',
    });
    expect(errorOf({ verb: 'evaluate', ...onCase, score: 0 }).field).toBe('score');
    expect(errorOf({ verb: 'evaluate', ...onCase, score: 'five' }).field).toBe('score');
  });

  it('refuses text longer than 20 000 characters and accepts exactly 20 000', () => {
    expect(parseCardAction({ verb: 'note', ...onCase, text: 'x'.repeat(MAX_ACTION_TEXT) }).ok).toBe(true);
    expect(errorOf({ verb: 'note', ...onCase, text: 'x'.repeat(MAX_ACTION_TEXT + 1) })).toEqual({
      message: 'text is too long (at most 20000 characters).',
      field: 'text',
      tooLong: { max: MAX_ACTION_TEXT, length: MAX_ACTION_TEXT + 1 },
    });
  });

  it('refuses a blank note and an unknown status with the field named', () => {
    expect(errorOf({ verb: 'note', ...onCase, text: '   ' })).toEqual({
      message: 'text must not be empty.',
      field: 'text',
      missing: true,
    });
    expect(errorOf({ verb: 'set_status', ...onCase, status: 'done' }).field).toBe('status');
    expect(errorOf({ verb: 'set_status', ...onCase, status: 'done' }).missing).toBeUndefined();
  });

  it('refuses an assign action when neither an assignee id nor e-mail is given', () => {
    expect(errorOf({ verb: 'assign', ...onCase, assigneeEmail: '' })).toMatchObject({
      field: 'assigneeId',
      missing: true,
    });
    expect(errorOf({ verb: 'assign', ...onCase, assigneeEmail: 'not-an-email' }).field).toBe('assigneeEmail');
    expect(errorOf({ verb: 'assign', ...onCase, assigneeEmail: 'not-an-email' }).missing).toBeUndefined();
    expect(parseCardAction({ verb: 'assign', ...onCase, assigneeId: 'slack:U1' }).ok).toBe(true);
  });

  it('refuses a classification with an unknown priority or type, naming the field, and reads blanks as unchanged', () => {
    expect(errorOf({ verb: 'classify', ...onCase, priority: 'P9' })).toEqual({
      message: 'priority must be one of: P1, P2, P3, P4.',
      field: 'priority',
      notAChoice: true,
    });
    expect(errorOf({ verb: 'classify', ...onCase, type: 'problem' }).field).toBe('type');
    expect(parseCardAction({ verb: 'classify', ...onCase, 'classify.priority': 'P1', 'classify.type': '' })).toEqual({
      ok: true,
      value: { verb: 'classify', ...onCase, priority: 'P1' },
    });
  });

  it('defaults a note to internal when no visibility is chosen', () => {
    const r = parseCardAction({ verb: 'note', ...onCase, text: 'x', visibility: '' });
    expect(r.ok && r.value.verb === 'note' && r.value.visibility).toBe('internal');
  });

  it('folds namespaced sub-form inputs into their fields when a case form is submitted', () => {
    const r = parseCardAction({
      verb: 'escalate_manager',
      ...onCase,
      'escalate_group.groupId': '',
      'escalate_group.reasonCode': 'agreement_broken',
      'escalate_group.reason': 'SLA broken twice',
    });
    expect(r).toEqual({
      ok: true,
      value: { verb: 'escalate_manager', ...onCase, reasonCode: 'agreement_broken', reason: 'SLA broken twice' },
    });
  });

  it('gathers top-level inputs as answers when an intake form arrives without values', () => {
    const r = parseCardAction({ verb: 'intake_answer', step: 'printer', floor: '2', color: 'true' });
    expect(r).toEqual({
      ok: true,
      value: { verb: 'intake_answer', step: 'printer', values: { floor: '2', color: 'true' } },
    });
  });
});
