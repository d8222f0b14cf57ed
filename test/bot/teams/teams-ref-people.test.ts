import { describe, expect, it } from 'vitest';
import { teamsPersonRefs } from '../../../src/bot/teams/teams-ref-people.js';
import { REF_KINDS } from '../../../src/bot/teams/teams-refs.js';

const byKind = (kind: string) => {
  const found = teamsPersonRefs.find((k) => k.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
};

describe('teamsPersonRefs', () => {
  const person = byKind(REF_KINDS.person);
  const emailIndex = byKind(REF_KINDS.personEmail);

  it('keys the person record by the teams: id and the e-mail index by the address of an email: id', () => {
    expect(person.key('teams:aad-eva')).toBe('teams:aad-eva');
    expect(person.key('slack:U0EVA')).toBeUndefined();
    expect(emailIndex.key('email:eva.holm@au.dk')).toBe('eva.holm@au.dk');
    expect(emailIndex.key('teams:aad-eva')).toBeUndefined();
  });

  it('reads the person from their record when its e-mail or UPN is the address, in any case and spacing', () => {
    const ref = (value: Record<string, unknown>) => ({ key: 'teams:aad-eva', value });
    const eva = { id: 'teams:aad-eva', name: 'Eva Holm', email: 'eva.holm@au.dk' };
    expect(person.people(ref({ name: 'Eva Holm', email: ' Eva.Holm@au.dk ' }), 'eva.holm@au.dk')).toEqual([eva]);
    expect(
      person.people(ref({ name: 'Eva Holm', email: 'eva@x.dk', upn: 'EVA.HOLM@au.dk' }), 'eva.holm@au.dk'),
    ).toEqual([eva]);
    expect(person.people(ref({ email: 'eva.holm@au.dk' }), 'eva.holm@au.dk')).toEqual([{ ...eva, name: '' }]);
    expect(person.people(ref({ name: 'Eva Holm', email: 'bo@au.dk' }), 'eva.holm@au.dk')).toEqual([]);
  });

  it('reads a guest (B2B) from her record by her own address, as read from the #EXT# UPN, and by the UPN as it is', () => {
    const upn = 'Eva.Holm_gmail.com#EXT#@au.onmicrosoft.com';
    const ref = { key: 'teams:aad-eva', value: { name: 'Eva Holm', upn } };
    expect(person.people(ref, 'eva.holm@gmail.com')).toEqual([
      { id: 'teams:aad-eva', name: 'Eva Holm', email: 'eva.holm@gmail.com' },
    ]);
    expect(person.people(ref, upn.toLowerCase())).toEqual([
      { id: 'teams:aad-eva', name: 'Eva Holm', email: upn.toLowerCase() },
    ]);
    expect(person.people(ref, 'eva.holm@au.onmicrosoft.com')).toEqual([]);
  });

  it('reads the person id from the e-mail index entry of the address, and nobody from another entry', () => {
    const entry = { key: 'Eva.Holm@au.dk', value: { personId: 'teams:aad-eva' } };
    expect(emailIndex.people(entry, 'eva.holm@au.dk')).toEqual([
      { id: 'teams:aad-eva', name: '', email: 'eva.holm@au.dk' },
    ]);
    expect(emailIndex.people(entry, 'bo@au.dk')).toEqual([]);
    expect(emailIndex.people({ key: 'eva.holm@au.dk', value: {} }, 'eva.holm@au.dk')).toEqual([]);
  });
});
