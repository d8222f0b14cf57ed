import { describe, expect, it } from 'vitest';
import type { AttachmentRef, Case } from '../../src/models/case.js';
import { toRef } from '../../src/models/case.js';
import {
  type CaseViewDeps,
  presentCase,
  presentCaseForUser,
  presentChannelCard,
  presentMovedCard,
} from '../../src/services/case-view.js';
import { LifecycleContext } from '../../src/services/lifecycle/context.js';
import { buildServices } from '../helpers/services.js';
import { annaWifiCase } from '../helpers/case-builder.js';
import { people } from '../helpers/people.js';
import { shippedCatalogue } from '../helpers/services.js';

const catalogue = shippedCatalogue();
const deps = (locale: 'da' | 'en', publicUrl?: string): CaseViewDeps => ({
  catalogue,
  timeZone: 'Europe/Copenhagen',
  locale,
  now: new Date('2025-03-03T10:00:00.000Z'),
  ...(publicUrl ? { publicUrl } : {}),
});

const ID_A = 'A'.repeat(43);
const ID_B = 'b_-'.repeat(14) + 'b';

function file(id: string, name: string, size: number, at: string): AttachmentRef {
  return { id, name, contentType: 'image/png', size, at, by: toRef(people.anna) };
}

/** Anna's P2 Wi-Fi case INC-000042 at the ARTS desk, version 7, registered 2025-03-03 09:00 UTC. */
const caseWith = (overrides: Partial<Case> = {}): Case => annaWifiCase(overrides);

const twoFiles = [
  file(ID_B, 'log file (2).txt', 1_258_291, '2025-03-03T09:20:00.000Z'),
  file(ID_A, 'screenshot.png', 245_760, '2025-03-03T09:10:00.000Z'),
];

describe('presentCase attachments', () => {
  it('lists the files oldest first with sizes and links under PUBLIC_URL when it is set', () => {
    const card = presentChannelCard(caseWith({ attachments: twoFiles }), deps('en', 'https://bot.example.org/'));
    expect(card.attachments).toEqual([
      { name: 'screenshot.png', size: '240 KB', url: `https://bot.example.org/files/${ID_A}/screenshot.png` },
      { name: 'log file (2).txt', size: '1.2 MB', url: `https://bot.example.org/files/${ID_B}/log%20file%20(2).txt` },
    ]);
  });

  it('writes sizes with a decimal comma and keeps a base path when the card is Danish', () => {
    const card = presentCase(caseWith({ attachments: twoFiles }), people.jonas, deps('da', 'https://x.au.dk/bot//'));
    expect(card.attachments?.map((a) => a.size)).toEqual(['240 KB', '1,2 MB']);
    expect(card.attachments?.[0]?.url).toBe(`https://x.au.dk/bot/files/${ID_A}/screenshot.png`);
  });

  it('lists names and sizes without links when there is no public URL', () => {
    const card = presentCase(caseWith({ attachments: twoFiles }), null, deps('en'));
    expect(card.attachments).toEqual([
      { name: 'screenshot.png', size: '240 KB' },
      { name: 'log file (2).txt', size: '1.2 MB' },
    ]);
  });

  it('has no attachments when the case has none', () => {
    expect(presentCase(caseWith(), null, deps('en', 'https://bot.example.org')).attachments).toBeUndefined();
    expect(presentCase(caseWith({ attachments: [] }), null, deps('en')).attachments).toBeUndefined();
  });

  it('shows the user their own files on their read-only card and keeps them on a moved card', () => {
    const c = caseWith({ attachments: twoFiles });
    const mine = presentCaseForUser(c, deps('en', 'https://bot.example.org'));
    expect(mine.attachments?.map((a) => a.name)).toEqual(['screenshot.png', 'log file (2).txt']);
    expect(mine.attachments?.every((a) => a.url?.startsWith('https://bot.example.org/files/'))).toBe(true);
    const ref = { platform: 'teams' as const, groupId: 'arts-support', channelId: 'ch', messageId: 'm', active: false };
    expect(presentMovedCard(c, ref, deps('en')).attachments).toHaveLength(2);
  });

  it('encodes hostile names into one path segment and shortens a long encoded name before its extension', () => {
    const hostile = file(ID_A, '../<!channel> [x](javascript:alert(1)) ?#&.png', 10, '2025-03-03T09:10:00.000Z');
    const long = file(ID_B, `${'报告'.repeat(59)}.pdf`, 10, '2025-03-03T09:20:00.000Z');
    const half = file(ID_B, `name\uD83D.txt`, 10, '2025-03-03T09:30:00.000Z');
    const card = presentCase(caseWith({ attachments: [hostile, long, half] }), null, deps('en', 'https://b.org'));
    const [a, b, c] = card.attachments ?? [];
    expect(a?.name).toBe(hostile.name);
    const segment = a?.url?.slice(`https://b.org/files/${ID_A}/`.length) ?? '';
    expect(segment).not.toMatch(/[/?#<>[\] ]/);
    expect(decodeURIComponent(segment)).toBe(hostile.name);
    expect(b?.name).toBe(long.name);
    const longSegment = b?.url?.split('/').pop() ?? '';
    expect(longSegment.length).toBeLessThanOrEqual(240);
    expect(decodeURIComponent(longSegment)).toMatch(/^(报告)+报?….pdf$/);
    expect(decodeURIComponent(c?.url?.split('/').pop() ?? '')).toBe('name\uFFFD.txt');
  });
});

describe('LifecycleContext view deps', () => {
  it('links attachments on the cards the lifecycle renders when PUBLIC_URL is configured, and not without it', async () => {
    const s = await buildServices();
    try {
      const base = {
        store: s.store,
        catalogue: s.catalogue,
        calendar: s.calendar,
        clock: s.clock,
        directory: s.directory,
        timeZone: 'Europe/Copenhagen',
        defaultLocale: 'en' as const,
        reopenWindowDays: 14,
      };
      const c = caseWith({ attachments: twoFiles });
      const linked = new LifecycleContext({ ...base, publicUrl: 'https://bot.example.org' });
      expect(linked.card(c, null, 'en').attachments?.[0]?.url).toBe(
        `https://bot.example.org/files/${ID_A}/screenshot.png`,
      );
      expect(presentCaseForUser(c, linked.viewDeps('da')).attachments?.[1]).toMatchObject({ size: '1,2 MB' });
      expect(new LifecycleContext(base).card(c, null, 'en').attachments?.[0]).toEqual({
        name: 'screenshot.png',
        size: '240 KB',
      });
    } finally {
      await s.close();
    }
  });
});
