import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import { presentCaseForm } from '../../../src/services/lifecycle/case-forms.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { largeDeskCatalogue } from '../../helpers/large-desk.js';
import { shippedCatalogue } from '../../helpers/services.js';

function artsCase(): Case {
  return {
    ...buildNewCase({ groupId: 'arts-support', ownerGroupId: 'arts-support' }),
    id: 'c1',
    number: 'INC-2025-000001',
    version: 3,
  } as Case;
}

describe('presentCaseForm assign', () => {
  it('lists every person of a small desk and searches nothing', () => {
    const form = presentCaseForm(artsCase(), 'assign', shippedCatalogue(), 'en');
    const input = form.inputs[0];
    expect(input?.search).toBeUndefined();
    expect(input?.placeholder).toBeUndefined();
    expect(input?.options?.map((o) => o.value)).toContain('karen.moeller@au.dk');
    expect(form.submit[0]?.action).toEqual({ verb: 'assign', caseId: 'c1', version: 3 });
  });

  it('lists the first 15 people of a large desk and names the dataset to search for the rest', () => {
    const { catalogue, extra } = largeDeskCatalogue(100);
    const input = presentCaseForm(artsCase(), 'assign', catalogue, 'en').inputs[0];
    expect(input?.search).toBe('assignees:arts-support');
    expect(input?.placeholder).toBe('Type a name or e-mail to find more people');
    expect(input?.options).toHaveLength(15);
    expect(input?.options?.map((o) => o.value)).not.toContain(extra[50]);
  });
});

describe('presentCaseForm escalate', () => {
  it.each([
    ['en', 'Outside AU IT (name the unit)', 'Unit outside AU IT (when chosen above)'],
    ['da', 'Uden for AU IT (angiv enheden)', 'Enhed uden for AU IT (når den er valgt ovenfor)'],
  ] as const)('offers a unit outside AU IT, named in a short text input (%s)', (locale, option, label) => {
    const form = presentCaseForm(artsCase(), 'escalate', shippedCatalogue(), locale);
    expect(form.inputs.map((i) => `${i.id}:${i.kind}`)).toEqual([
      'groupId:choice',
      'unit:text',
      'reasonCode:choice',
      'reason:multiline',
    ]);
    expect(form.inputs[0]?.options?.at(-1)).toEqual({ value: 'external:', label: option });
    expect(form.inputs[1]).toMatchObject({ label, required: false, maxLength: 100 });
  });
});
