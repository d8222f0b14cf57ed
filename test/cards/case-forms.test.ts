import { describe, expect, it } from 'vitest';
import { caseFormFor, caseSubForms, formVerbOf, menuField } from '../../src/cards/case-forms.js';
import { aCaseCardView } from '../helpers/views.js';

describe('formVerbOf', () => {
  it('opens a form when the button is open_form or a form verb without its fields', () => {
    expect(formVerbOf({ verb: 'open_form', form: 'status' })).toBe('set_status');
    expect(formVerbOf({ verb: 'open_form', form: 'escalate' })).toBe('escalate_group');
    expect(formVerbOf({ verb: 'resolve', caseId: 'c', version: 1 })).toBe('resolve');
    expect(formVerbOf({ verb: 'assign', caseId: 'c', version: 1 })).toBe('assign');
  });

  it('submits directly when the button needs no input or already carries it', () => {
    expect(formVerbOf({ verb: 'claim' })).toBeUndefined();
    expect(formVerbOf({ verb: 'resolve', solution: 'done' })).toBeUndefined();
    expect(formVerbOf({ verb: 'assign', assigneeEmail: 'a@au.dk' })).toBeUndefined();
    expect(formVerbOf({ verb: 'open_form', form: 'nope' })).toBeUndefined();
  });
});

describe('menuField', () => {
  it('uses the menu id when it names a field of the verb and the default otherwise', () => {
    expect(menuField({ id: 'assigneeEmail', verb: 'assign' })).toBe('assigneeEmail');
    expect(menuField({ id: 'members', verb: 'assign' })).toBe('assigneeEmail');
    expect(menuField({ id: 'x', verb: 'escalate_group' })).toBe('groupId');
  });
});

describe('caseFormFor', () => {
  it('builds the escalate form with both submit verbs and the groups from the menu', () => {
    const view = aCaseCardView();
    const form = caseFormFor(view, 'escalate_group');
    expect(form?.inputs.map((i) => i.id)).toEqual([
      'escalate_group.groupId',
      'escalate_group.reasonCode',
      'escalate_group.reason',
    ]);
    expect(form?.inputs[0]?.options?.map((o) => o.value)).toEqual(['ops-network', 'ops-cloud']);
    expect(form?.submit.map((s) => s.action)).toEqual([
      { verb: 'escalate_group', caseId: view.caseId, version: 7 },
      { verb: 'escalate_manager', caseId: view.caseId, version: 7 },
    ]);
  });

  it('offers no status form when the card has no status options', () => {
    expect(caseFormFor(aCaseCardView({ menus: [] }), 'set_status')).toBeUndefined();
  });

  it('asks for an e-mail when the card has no assign menu', () => {
    const form = caseFormFor(aCaseCardView({ menus: [] }), 'assign');
    expect(form?.inputs).toEqual([
      expect.objectContaining({ id: 'assign.assigneeEmail', kind: 'person', required: true }),
    ]);
  });

  it('labels the form in Danish when the card is Danish', () => {
    const form = caseFormFor(aCaseCardView({ locale: 'da' }), 'note');
    expect(form?.inputs[0]?.label).toBe('Notat');
    expect(form?.submit[0]?.label).toBe('Tilføj notat');
  });
});

describe('caseSubForms', () => {
  it('gives escalation one form per submit verb, each with its own inputs required where the verb needs them', () => {
    const view = aCaseCardView();
    const forms = caseSubForms(view, 'escalate_group');
    expect(forms.map((f) => f.submit.map((s) => s.action.verb))).toEqual([['escalate_group'], ['escalate_manager']]);
    const [group, manager] = forms;
    expect(group?.inputs.map((i) => [i.id, i.required])).toEqual([
      ['escalate_group.groupId', true],
      ['escalate_group.reason', true],
    ]);
    expect(group?.inputs[0]?.options?.map((o) => o.value)).toEqual(['ops-network', 'ops-cloud']);
    expect(manager?.inputs.map((i) => [i.id, i.required, i.value])).toEqual([
      ['escalate_manager.reasonCode', true, 'other'],
      ['escalate_manager.reason', true, undefined],
    ]);
    expect(new Set(forms.map((f) => f.id)).size).toBe(2);
  });

  it('gives only the manager form when no group can be chosen', () => {
    const forms = caseSubForms(aCaseCardView({ menus: [] }), 'escalate_group');
    expect(forms.map((f) => f.submit.map((s) => s.action.verb))).toEqual([['escalate_manager']]);
    expect(forms[0]?.inputs.every((i) => i.required)).toBe(true);
  });

  it('leaves a form with one submit verb as it is', () => {
    const view = aCaseCardView();
    expect(caseSubForms(view, 'note')).toEqual([caseFormFor(view, 'note')]);
    expect(caseSubForms(view, 'set_status')).toEqual([caseFormFor(view, 'set_status')]);
    expect(caseSubForms(aCaseCardView({ menus: [] }), 'set_status')).toEqual([]);
  });
});
