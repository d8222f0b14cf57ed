import type { CaseCardView, FormView, InputView, MessageView } from '../../src/cards/view-models.js';

/** A case card as a 2nd-level group sees it: claimed, with notes, buttons and all three menus. */
export function aCaseCardView(overrides: Partial<CaseCardView> = {}): CaseCardView {
  const caseId = overrides.caseId ?? 'c0ffee00-0000-4000-8000-000000000001';
  const version = overrides.version ?? 7;
  return {
    kind: 'case',
    locale: 'en',
    caseId,
    number: 'INC-000123',
    version,
    title: 'Printer on 2nd floor does not print',
    typeLabel: 'Incident',
    categoryLabel: 'Printing',
    priority: 'P2',
    priorityLabel: 'P2 – High',
    status: 'in_progress',
    statusLabel: 'In progress',
    userLabel: 'Anna Jensen (anna@au.dk)',
    groupLabel: 'ST Aarhus back desk',
    assigneeLabel: 'Bo Nielsen',
    slaLabel: 'Resolve by 14:30',
    breached: false,
    notes: [
      { author: 'Bo Nielsen', at: '2025-03-03 10:12', text: 'Checked the queue; driver is stale.', internal: true },
      { author: 'Anna Jensen', at: '2025-03-03 09:40', text: 'It still shows "offline".', internal: false },
    ],
    facts: [{ label: 'Location', value: 'Building 1530, room 214' }],
    actions: [
      { action: { verb: 'claim', caseId, version }, label: 'Claim', style: 'positive' },
      { action: { verb: 'open_form', caseId, version, form: 'note' }, label: 'Add note' },
      { action: { verb: 'open_form', caseId, version, form: 'resolve' }, label: 'Resolve' },
      { action: { verb: 'escalate_manager', caseId, version }, label: 'Escalate to manager', style: 'destructive' },
      { action: { verb: 'unassign', caseId, version }, label: 'Unassign' },
    ],
    menus: [
      {
        id: 'status',
        label: 'Set status',
        verb: 'set_status',
        options: [
          { value: 'in_progress', label: 'In progress' },
          { value: 'awaiting_vendor', label: 'Awaiting vendor' },
          { value: 'awaiting_user', label: 'Awaiting user' },
        ],
      },
      {
        id: 'groupId',
        label: 'Escalate',
        verb: 'escalate_group',
        options: [
          { value: 'ops-network', label: 'Network team' },
          { value: 'ops-cloud', label: 'Cloud' },
        ],
      },
      {
        id: 'assigneeEmail',
        label: 'Assign',
        verb: 'assign',
        options: [
          { value: 'bo@au.dk', label: 'Bo Nielsen' },
          { value: 'carla@au.dk', label: 'Carla Holm' },
        ],
      },
    ],
    ...overrides,
  };
}

/** One input of the given kind, with options for `choice`. */
export function anInput(kind: InputView['kind'], overrides: Partial<InputView> = {}): InputView {
  return {
    id: `q_${kind}`,
    kind,
    label: `Question (${kind})`,
    required: kind !== 'yes_no',
    ...(kind === 'choice'
      ? {
          options: [
            { value: 'a', label: 'Option A' },
            { value: 'b', label: 'Option B' },
          ],
        }
      : {}),
    ...overrides,
  };
}

/** A form with one input of every kind and a submit button. */
export function aFormView(overrides: Partial<FormView> = {}): FormView {
  return {
    id: 'intake-questions',
    inputs: (['text', 'multiline', 'choice', 'date', 'yes_no', 'number', 'person'] as const).map((k) => anInput(k)),
    submit: [{ action: { verb: 'intake_answer', step: 'printing' }, label: 'Next', style: 'positive' }],
    ...overrides,
  };
}

/** Three notes of `length` characters each (the most a card shows), for size and truncation tests. */
export function longNotes(length = 20_000): CaseCardView['notes'] {
  return [1, 2, 3].map((i) => ({
    author: `Author ${i}`,
    at: `2025-03-0${i} 10:00`,
    text: `Note ${i} `.padEnd(length, 'x'),
    internal: i === 2,
  }));
}

/** A personal message with text, facts and a button; add a form or case card through overrides. */
export function aMessageView(overrides: Partial<MessageView> = {}): MessageView {
  return {
    kind: 'message',
    locale: 'en',
    title: 'Your case was registered',
    text: 'We have registered your case.\n\nBo from ST Aarhus will contact you.',
    facts: [{ label: 'Case', value: 'INC-000123' }],
    actions: [{ action: { verb: 'intake_cancel' }, label: 'Cancel' }],
    ...overrides,
  };
}
