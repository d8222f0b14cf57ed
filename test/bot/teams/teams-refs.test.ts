import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SqliteCaseStore } from '../../../src/models/sqlite/sqlite-case-store.js';
import { REF_KINDS, recordEmail, TeamsRefs, upnAddress } from '../../../src/bot/teams/teams-refs.js';

const T0 = new Date('2025-03-03T09:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);
const anna = { userId: '29:anna', name: 'Anna Holm', tenantId: 'tenant-1', serviceUrl: 'https://smba.example/emea/' };

describe('TeamsRefs', () => {
  let store: SqliteCaseStore;
  let refs: TeamsRefs;
  let putRef: ReturnType<typeof vi.spyOn>;
  let getRef: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    store = new SqliteCaseStore({ file: ':memory:' });
    await store.init();
    refs = new TeamsRefs(store, { refreshMs: 60_000, recheckMs: 5_000 });
    putRef = vi.spyOn(store, 'putRef');
    getRef = vi.spyOn(store, 'getRef');
  });
  afterEach(async () => {
    await store.close();
  });

  it('skips the person write when nothing but the time changed within the refresh interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    const saved = await refs.savePerson('teams:anna', { ...anna }, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(1);
    expect(saved.updatedAt).toBe(T0.toISOString());
    expect((await refs.person('teams:anna'))?.updatedAt).toBe(T0.toISOString());
  });

  it('writes the person when a field changed', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await refs.savePerson('teams:anna', { ...anna, name: 'Anna H. Holm', locale: 'da-DK' }, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect(await refs.person('teams:anna')).toMatchObject({ name: 'Anna H. Holm', locale: 'da-DK' });
  });

  it('compares the stored reference as JSON: key order and unset fields do not count, a nested change does', async () => {
    const conversation = { id: 'a:1', conversationType: 'personal' };
    const reference = { channelId: 'msteams', serviceUrl: anna.serviceUrl, user: { id: '29:anna' }, conversation };
    await refs.savePerson('teams:anna', { ...anna, reference }, T0);
    // After the recheck interval the record is read back from the store (parsed JSON) and compared with what
    // the next turn builds: other key order, `activityId: undefined` as the transport sets it.
    const again = {
      conversation: { conversationType: 'personal', id: 'a:1' },
      user: { id: '29:anna' },
      activityId: undefined,
      serviceUrl: anna.serviceUrl,
      channelId: 'msteams',
    };
    await refs.savePerson('teams:anna', { ...anna, reference: again }, later(6_000));
    expect(getRef).toHaveBeenCalledTimes(2);
    expect(putRef).toHaveBeenCalledTimes(1);
    const moved = { ...again, conversation: { conversationType: 'personal', id: 'a:2' } };
    await refs.savePerson('teams:anna', { ...anna, reference: moved }, later(7_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect((await refs.person('teams:anna'))?.reference?.conversation.id).toBe('a:2');
  });

  it('rewrites an unchanged person once the stored record is older than the refresh interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await refs.savePerson('teams:anna', anna, later(60_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect((await refs.person('teams:anna'))?.updatedAt).toBe(later(60_000).toISOString());
  });

  it('writes the person again once the recheck interval shows the stored record was deleted meanwhile', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await store.deleteRef(REF_KINDS.person, 'teams:anna');
    await refs.savePerson('teams:anna', anna, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(1);
    await refs.savePerson('teams:anna', anna, later(6_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect(await refs.person('teams:anna')).toMatchObject({ userId: '29:anna' });
  });

  it('reads and writes nothing for a repeat turn of an unchanged person within the recheck interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    getRef.mockClear();
    const seen = await refs.recentPerson('teams:anna', later(1_000));
    await refs.savePerson('teams:anna', { ...anna }, later(1_000), seen);
    expect(seen).toMatchObject(anna);
    expect(getRef).not.toHaveBeenCalled();
    expect(putRef).toHaveBeenCalledTimes(1);
  });

  it('reads the person once and writes nothing when the recheck interval passed but nothing changed', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    getRef.mockClear();
    const seen = await refs.recentPerson('teams:anna', later(10_000));
    await refs.savePerson('teams:anna', anna, later(10_000), seen);
    expect(getRef).toHaveBeenCalledTimes(1);
    expect(putRef).toHaveBeenCalledTimes(1);
  });

  it('sees a change another writer made once the recheck interval passed', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    await store.putRef(REF_KINDS.person, 'teams:anna', {
      ...anna,
      email: 'anna@example.dk',
      updatedAt: T0.toISOString(),
    });
    expect((await refs.recentPerson('teams:anna', later(1_000)))?.email).toBeUndefined();
    expect((await refs.recentPerson('teams:anna', later(6_000)))?.email).toBe('anna@example.dk');
  });

  it('writes a new person once without reading again when the caller read nothing', async () => {
    const seen = await refs.recentPerson('teams:new', T0);
    expect(seen).toBeNull();
    getRef.mockClear();
    await refs.savePerson('teams:new', { userId: '29:new', name: 'New' }, T0, seen);
    expect(getRef).not.toHaveBeenCalled();
    expect(putRef).toHaveBeenCalledTimes(1);
    expect(await refs.person('teams:new')).toMatchObject({ userId: '29:new', name: 'New' });
  });

  it('keeps fields this instance wrote after the caller read the record', async () => {
    const seen = await refs.recentPerson('teams:anna', T0);
    const reference = { channelId: 'msteams', serviceUrl: anna.serviceUrl, conversation: { id: 'a:1' } };
    await refs.savePerson('teams:anna', { ...anna, reference }, T0);
    await refs.savePerson('teams:anna', { ...anna, locale: 'da-DK' }, later(500), seen);
    expect(await refs.person('teams:anna')).toMatchObject({ locale: 'da-DK', reference });
  });

  it('writes a changed service URL of a person within the recheck interval', async () => {
    await refs.savePerson('teams:anna', anna, T0);
    const seen = await refs.recentPerson('teams:anna', later(1_000));
    await refs.savePerson('teams:anna', { ...anna, serviceUrl: 'https://smba.example/amer/' }, later(1_000), seen);
    expect(putRef).toHaveBeenCalledTimes(2);
    expect((await refs.person('teams:anna'))?.serviceUrl).toBe('https://smba.example/amer/');
  });

  it('keeps separate records for the Teams id and the AAD id of the same user', async () => {
    await refs.savePerson('teams:aad-anna', anna, T0);
    await refs.savePerson('teams:29:anna', { ...anna, name: 'Anna (guest)' }, later(1_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    expect((await refs.recentPerson('teams:aad-anna', later(2_000)))?.name).toBe('Anna Holm');
    expect((await refs.recentPerson('teams:29:anna', later(2_000)))?.name).toBe('Anna (guest)');
  });

  it('writes the service URL once per tenant until it changes or the refresh interval passes', async () => {
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/emea/', T0);
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/emea/', later(1_000));
    expect(putRef).toHaveBeenCalledTimes(2);
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/amer/', later(2_000));
    expect(putRef).toHaveBeenCalledTimes(4);
    expect(await refs.serviceUrl('tenant-1')).toBe('https://smba.example/amer/');
    expect(await refs.serviceUrl(undefined)).toBe('https://smba.example/amer/');
    await refs.saveServiceUrl('tenant-1', 'https://smba.example/amer/', later(70_000));
    expect(putRef).toHaveBeenCalledTimes(6);
  });

  it('rewrites a channel binding only when it changed or its capture is older than the refresh interval', async () => {
    const binding = {
      teamId: '19:arts-it@thread.tacv2',
      channelId: '19:arts-support@thread.tacv2',
      serviceUrl: 'https://smba.example/emea/',
      tenantId: 'tenant-1',
      capturedAt: T0.toISOString(),
    };
    await refs.saveChannel('arts-support', binding);
    await refs.saveChannel('arts-support', { ...binding, capturedAt: later(1_000).toISOString() });
    expect(putRef).toHaveBeenCalledTimes(1);
    await refs.saveChannel('arts-support', { ...binding, teamName: 'ARTS IT', capturedAt: later(2_000).toISOString() });
    expect(putRef).toHaveBeenCalledTimes(2);
    expect(await refs.channel('arts-support')).toMatchObject({ teamName: 'ARTS IT' });
    await refs.saveChannel('arts-support', {
      ...binding,
      teamName: 'ARTS IT',
      capturedAt: later(70_000).toISOString(),
    });
    expect(putRef).toHaveBeenCalledTimes(3);
  });

  it('reads a channel binding once and not again for the clicks within the recheck interval', async () => {
    const binding = {
      teamId: '19:arts-it@thread.tacv2',
      channelId: '19:arts-support@thread.tacv2',
      serviceUrl: 'https://smba.example/emea/',
      capturedAt: T0.toISOString(),
    };
    await refs.saveChannel('arts-support', binding);
    getRef.mockClear();
    for (const ms of [1_000, 2_000, 3_000]) {
      await refs.saveChannel('arts-support', { ...binding, capturedAt: later(ms).toISOString() });
    }
    expect(getRef).not.toHaveBeenCalled();
    expect(putRef).toHaveBeenCalledTimes(1);
    await refs.saveChannel('arts-support', { ...binding, capturedAt: later(9_000).toISOString() });
    expect(getRef).toHaveBeenCalledTimes(1);
    expect(putRef).toHaveBeenCalledTimes(1);
  });

  it('forgets a binding the app was removed with, and binds it again at an install another instance sees', async () => {
    const binding = {
      teamId: '19:arts-it@thread.tacv2',
      channelId: '19:arts-support@thread.tacv2',
      serviceUrl: 'https://smba.example/emea/',
      capturedAt: T0.toISOString(),
    };
    const other = new TeamsRefs(store, { refreshMs: 60_000, recheckMs: 5_000 });
    await refs.saveChannel('arts-support', binding);
    // The other instance removes it (the app removed from the team) while this one still remembers the binding.
    await other.unbindChannel('arts-support', binding, later(1_000));
    expect(await refs.channel('arts-support')).toBeNull();
    expect(await refs.channelState('arts-support')).toEqual({
      channel: null,
      removed: { teamId: binding.teamId, channelId: binding.channelId, removedAt: later(1_000).toISOString() },
    });
    // A mere channel activity within the recheck interval trusts what this instance remembers …
    await refs.saveChannel('arts-support', { ...binding, capturedAt: later(2_000).toISOString() });
    expect(await refs.channel('arts-support')).toBeNull();
    // … an install does not: the binding is back.
    await refs.saveChannel('arts-support', { ...binding, capturedAt: later(3_000).toISOString() }, true);
    expect(await refs.channelState('arts-support')).toEqual({
      channel: { ...binding, capturedAt: later(3_000).toISOString() },
    });
    // The instance that removed it binds it again at the next channel activity it sees.
    await other.unbindChannel('arts-support', binding, later(4_000));
    await other.saveChannel('arts-support', { ...binding, capturedAt: later(4_500).toISOString() });
    expect(await other.channel('arts-support')).toMatchObject({ channelId: binding.channelId });
  });

  describe('the e-mail index, when the store fails between the writes', () => {
    const withMail = { ...anna, email: 'Anna.Holm@au.dk' };
    const failOnce = (kind: string) => {
      const real = (k: string, key: string, value: Record<string, unknown>) =>
        SqliteCaseStore.prototype.putRef.call(store, k, key, value);
      let failed = false;
      putRef.mockImplementation(async (k: string, key: string, value: Record<string, unknown>) => {
        if (k === kind && !failed) {
          failed = true;
          throw new Error('the store is not answering');
        }
        return real(k, key, value);
      });
    };

    it('finds the person by e-mail after the index write failed once and the next turn saved them again', async () => {
      failOnce(REF_KINDS.personEmail);
      await expect(refs.savePerson('teams:anna', withMail, T0)).rejects.toThrow(/not answering/);
      await refs.savePerson('teams:anna', withMail, later(1_000));
      expect(await refs.personIdByEmail('anna.holm@au.dk')).toBe('teams:anna');
      expect((await refs.person('teams:anna'))?.email).toBe('Anna.Holm@au.dk');
    });

    it('finds the person by e-mail after the record write failed once and the next turn saved them again', async () => {
      failOnce(REF_KINDS.person);
      await expect(refs.savePerson('teams:anna', withMail, T0)).rejects.toThrow(/not answering/);
      // The entry written before the failure points at a record that is not there yet.
      expect(await refs.person('teams:anna')).toBeNull();
      await refs.savePerson('teams:anna', withMail, later(1_000));
      expect(await refs.personIdByEmail('anna.holm@au.dk')).toBe('teams:anna');
      expect((await refs.person('teams:anna'))?.email).toBe('Anna.Holm@au.dk');
    });

    it('mends a record stored without its index entry at its next rewrite', async () => {
      await store.putRef(REF_KINDS.person, 'teams:anna', { ...withMail, updatedAt: T0.toISOString() });
      expect(await refs.personIdByEmail('anna.holm@au.dk')).toBeNull();
      // Past the refresh interval (60 s here) the unchanged record is rewritten, its entry with it.
      await refs.savePerson('teams:anna', withMail, later(61_000));
      expect(await refs.personIdByEmail('anna.holm@au.dk')).toBe('teams:anna');
    });

    it('moves the entry when the e-mail changes: the new one points at the person, the old one is gone', async () => {
      await refs.savePerson('teams:anna', withMail, T0);
      await refs.savePerson('teams:anna', { ...anna, email: 'a.holm@au.dk' }, later(1_000));
      expect(await refs.personIdByEmail('a.holm@au.dk')).toBe('teams:anna');
      expect(await refs.personIdByEmail('anna.holm@au.dk')).toBeNull();
    });
  });

  describe("a guest's (B2B) address", () => {
    const GUEST_UPN = 'Jane.Doe_Gmail.com#EXT#@autenant.onmicrosoft.com';

    it('is read from the #EXT# user principal name: the last _ before #EXT# was its @', () => {
      expect(upnAddress(GUEST_UPN)).toBe('jane.doe@gmail.com');
      expect(upnAddress('j_doe_post.au.dk#ext#@other.onmicrosoft.com')).toBe('j_doe@post.au.dk');
      expect(upnAddress(' Bo@AU.dk ')).toBe('bo@au.dk');
      // One that does not read back to an address stays as it is; no address at all is none.
      expect(upnAddress('nounderscore#EXT#@t.onmicrosoft.com')).toBe('nounderscore#ext#@t.onmicrosoft.com');
      expect(upnAddress('jane_localhost#EXT#@t.onmicrosoft.com')).toBe('jane_localhost#ext#@t.onmicrosoft.com');
      expect(upnAddress('bo')).toBeUndefined();
      expect(upnAddress(undefined)).toBeUndefined();
      // The e-mail Teams gave wins over the UPN.
      expect(recordEmail({ email: 'Jane@Example.org', upn: GUEST_UPN })).toBe('jane@example.org');
      expect(recordEmail({ upn: GUEST_UPN })).toBe('jane.doe@gmail.com');
    });

    it('is indexed, and the #EXT# entry an earlier version wrote goes, when the index is filled again or the record is written', async () => {
      const was = T0.toISOString();
      await store.putRef(REF_KINDS.person, 'teams:aad-jane', {
        userId: '29:jane',
        name: 'Jane',
        upn: GUEST_UPN,
        updatedAt: was,
      });
      await store.putRef(REF_KINDS.person, 'teams:aad-kim', {
        userId: '29:kim',
        name: 'Kim',
        upn: 'Kim_x.org#EXT#@t.onmicrosoft.com',
        updatedAt: was,
      });
      // As the first version of the index left it.
      await store.putRef(REF_KINDS.personEmail, GUEST_UPN.toLowerCase(), { personId: 'teams:aad-jane' });
      await store.putRef(REF_KINDS.personEmail, 'kim_x.org#ext#@t.onmicrosoft.com', { personId: 'teams:aad-kim' });
      await store.putRef(REF_KINDS.meta, 'email-index', { at: was, indexed: 2 });

      expect(await refs.emailIndexReady()).toBe(false);
      expect(await refs.indexEmails(T0)).toBe(2);
      expect(await refs.personIdByEmail('jane.doe@gmail.com')).toBe('teams:aad-jane');
      expect(await refs.personIdByEmail(GUEST_UPN)).toBeNull();
      expect(await refs.personIdByEmail('kim@x.org')).toBe('teams:aad-kim');
      expect(await new TeamsRefs(store).indexEmails(T0)).toBe(0);

      // Written again (the index filled or not), the record's old entry goes too.
      await store.putRef(REF_KINDS.personEmail, GUEST_UPN.toLowerCase(), { personId: 'teams:aad-jane' });
      await refs.savePerson('teams:aad-jane', { userId: '29:jane', name: 'Jane Doe' }, later(1_000));
      expect(await refs.personIdByEmail(GUEST_UPN)).toBeNull();
      expect(await refs.personIdByEmail('jane.doe@gmail.com')).toBe('teams:aad-jane');
    });

    it('filled again, leaves an address two records give with the one written last, not the one whose key sorts last', async () => {
      // Jane met as a guest in one tenant long ago (her key sorts last), and as a member of another since: the same
      // address, and the index points at the record written last, as savePerson left it.
      await refs.savePerson('teams:zz-guest-jane', { userId: '29:jane-a', name: 'Jane', upn: GUEST_UPN }, T0);
      await refs.savePerson(
        'teams:aa-member-jane',
        { userId: '29:jane-b', name: 'Jane Doe', email: 'jane.doe@gmail.com' },
        later(86_400_000),
      );
      expect(await refs.personIdByEmail('jane.doe@gmail.com')).toBe('teams:aa-member-jane');
      // A store the first version of the index had filled: the index is filled again at the start.
      await store.putRef(REF_KINDS.meta, 'email-index', { at: T0.toISOString(), indexed: 1 });

      expect(await new TeamsRefs(store).indexEmails(later(2 * 86_400_000))).toBe(2);
      expect(await refs.personIdByEmail('jane.doe@gmail.com')).toBe('teams:aa-member-jane');
    });
  });
});
