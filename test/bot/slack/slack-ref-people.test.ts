import { describe, expect, it } from 'vitest';
import { USER_CACHE_REF } from '../../../src/bot/slack/slack-directory.js';
import { DM_CHANNEL_REF } from '../../../src/bot/slack/slack-gateway.js';
import { slackPersonRefs } from '../../../src/bot/slack/slack-ref-people.js';

const byKind = (kind: string) => {
  const found = slackPersonRefs.find((k) => k.kind === kind);
  if (!found) throw new Error(`no ${kind}`);
  return found;
};

describe('slackPersonRefs', () => {
  const profile = byKind(USER_CACHE_REF);
  const dm = byKind(DM_CHANNEL_REF);

  it('keys both records by the Slack user id of a slack: id, and none for other ids', () => {
    for (const kind of [profile, dm]) {
      expect(kind.key('slack:U0EVA')).toBe('U0EVA');
      expect(kind.key('teams:aad-eva')).toBeUndefined();
      expect(kind.key('email:eva@au.dk')).toBeUndefined();
    }
  });

  it('reads the person of a cached profile with the address, and the slack: id it is kept under', () => {
    const eva = { id: 'slack:U0EVA', name: 'Eva Holm', email: 'Eva.Holm@au.dk' };
    const ref = { key: 'U0EVA', value: { person: eva, fetchedAt: '2025-03-03T09:00:00.000Z' } };
    expect(profile.people(ref, 'eva.holm@au.dk')).toEqual([
      { id: 'slack:U0EVA', name: 'Eva Holm', email: 'eva.holm@au.dk' },
      { id: 'slack:U0EVA', name: '', email: 'eva.holm@au.dk' },
    ]);
    expect(profile.people(ref, 'bo@au.dk')).toEqual([]);
  });

  it('reads nobody from a DM channel record (it holds the channel only)', () => {
    expect(dm.people({ key: 'U0EVA', value: { channelId: 'D0EVA' } }, 'eva.holm@au.dk')).toEqual([]);
  });
});
