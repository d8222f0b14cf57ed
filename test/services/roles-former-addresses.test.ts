import { describe, expect, it } from 'vitest';
import type { Person } from '../../src/models/case.js';
import { formerAddresses, samePerson, withFormerAddresses } from '../../src/services/roles.js';

const OLD = 'anna.employee@au.dk';
const NEW = 'anna.holm@au.dk';
const anna: Person = { id: 'slack:U0ANNA', name: 'Anna', email: NEW };

describe('withFormerAddresses', () => {
  it('makes a case naming the person by a former address alone theirs, both ways round', () => {
    const moving = withFormerAddresses(anna, [OLD.toUpperCase()]);
    const byOld = { id: `email:${OLD}`, name: 'Anna Employee', email: OLD };
    expect(samePerson(anna, byOld)).toBe(false);
    expect(samePerson(moving, byOld)).toBe(true);
    expect(samePerson(byOld, moving)).toBe(true);
    // Someone else who has that address on a platform is not taken for her (only `email:<address>` is moved).
    expect(samePerson(moving, { id: 'teams:aad-other', name: 'Other', email: OLD })).toBe(false);
  });

  it('is never part of what is stored: JSON leaves it out, and a copy keeps it', () => {
    const moving = withFormerAddresses(anna, [OLD, NEW, undefined, OLD]);
    expect(formerAddresses(moving)).toEqual([OLD]);
    expect(JSON.stringify(moving)).not.toContain(OLD);
    expect(formerAddresses({ ...moving, locale: 'da' })).toEqual([OLD]);
    expect(withFormerAddresses(anna, [NEW, undefined])).toBe(anna);
  });
});
