import { pino } from 'pino';
import type { Case, Person } from '../../../src/models/case.js';
import { presentChannelCard, presentMovedCard } from '../../../src/services/case-view.js';
import { MajorIncidentService } from '../../../src/services/major/major-incident-service.js';
import { syncLinkedCount } from '../../../src/services/major/major-links.js';
import { createDeliverer } from '../../../src/services/outbox/deliver-message.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { RecordingGateway } from '../../helpers/recording-gateway.js';
import { buildServices, type Sent, type Services } from '../../helpers/services.js';

export interface MajorHarness extends Services {
  majors: MajorIncidentService;
  /** A Wi-Fi case of Anna's (ARTS Support) declared a major incident by Jonas, outbox forgotten. */
  declareEduroam(): Promise<Case>;
  /** `n` open reports of distinct users (even: Teams, odd: Slack; every third English) built with the store. */
  buildReports(n: number, parentId?: string): Promise<Case[]>;
  /**
   * The thread replies among `sent` as the outbox delivers them (its deliverer, a recording Teams gateway), the
   * major incident `parent` given its card in its group's Teams channel first, as its post would have: each reply
   * as the number of the case under whose card it went, and its text.
   */
  repliesDelivered(sent: readonly Sent[], parent: Case): Promise<{ under: string; text: string }[]>;
}

export const SUMMARY = { da: 'Eduroam er nede på hele campus', en: 'Eduroam is down across campus' };

/** The user of report `i`: Teams ids for even, Slack ids for odd numbers. */
export function reporter(i: number): Person {
  const slack = i % 2 === 1;
  return {
    id: slack ? `slack:U${String(i).padStart(5, '0')}` : `teams:user-${i}`,
    name: `User ${i}`,
    email: `user${i}@post.au.dk`,
    locale: i % 3 === 0 ? 'en' : 'da',
  };
}

/** The lifecycle services of `buildServices` plus a `MajorIncidentService` over them. */
export async function createMajorHarness(): Promise<MajorHarness> {
  const s = await buildServices();
  const majors = new MajorIncidentService({
    store: s.store,
    cases: s.service,
    clock: s.clock,
    timeZone: 'Europe/Copenhagen',
    defaultLocale: 'da',
  });
  async function declareEduroam(): Promise<Case> {
    const parent = await s.reportWifi(people.anna);
    const outcome = await majors.declare(people.jonas, parent.number, SUMMARY);
    if (!outcome.ok) throw new Error(`declare refused: ${outcome.reply.text}`);
    await s.outbox.take();
    return outcome.case;
  }
  async function buildReports(n: number, parentId?: string): Promise<Case[]> {
    const out: Case[] = [];
    for (let i = 0; i < n; i++) {
      const user = reporter(i);
      out.push(
        await s.store.createCase(
          buildNewCase({
            title: `No wifi (${i})`,
            categoryId: 'wifi-eduroam',
            user,
            locale: user.locale ?? 'da',
            groupId: 'arts-support',
            ownerGroupId: 'arts-support',
            ...(parentId ? { parentId } : {}),
          }),
        ),
      );
    }
    if (parentId) await syncLinkedCount(s.store, parentId, s.clock.now());
    return out;
  }
  async function repliesDelivered(sent: readonly Sent[], parent: Case): Promise<{ under: string; text: string }[]> {
    const p = (await s.store.getCase(parent.id))!;
    if (p.cards.length === 0) {
      const card = { platform: 'teams' as const, groupId: p.groupId, channelId: `19:${p.groupId}`, active: true };
      await s.store.updateCase({ ...p, cards: [{ ...card, messageId: `card-of-${p.number}` }] }, p.version, []);
    }
    const teams = new RecordingGateway('teams');
    const viewDeps = { catalogue: s.catalogue, timeZone: 'Europe/Copenhagen', locale: 'da' as const };
    const deliver = createDeliverer({
      store: s.store,
      gateways: [teams],
      clock: s.clock,
      logger: pino({ level: 'silent' }),
      renderCard: (c, _platform, groupId) => presentChannelCard(c, viewDeps, groupId),
      renderMovedCard: (c, ref) => presentMovedCard(c, ref, viewDeps),
      channelTargets: async () => [],
    });
    const keys = new Set(sent.filter((m) => m.kind === 'thread_reply').map((m) => m.key));
    for (const m of await s.store.listOutbox({ kind: 'thread_reply', limit: 10_000 })) {
      if (keys.has(m.key)) await deliver(m);
    }
    return teams.deliveredOf('replyInThread').map((r) => ({
      under: r.ref.messageId.replace(/^card-of-/, ''),
      text: r.message.text,
    }));
  }
  return { ...s, majors, declareEduroam, buildReports, repliesDelivered };
}

/** The largest number of times falling in any one-second window. */
export function busiestSecond(times: number[]): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let from = 0;
  for (let to = 0; to < t.length; to++) {
    while (t[to]! - t[from]! >= 1000) from++;
    best = Math.max(best, to - from + 1);
  }
  return best;
}
