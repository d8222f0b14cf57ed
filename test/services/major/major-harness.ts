import type { Case, Person } from '../../../src/models/case.js';
import { MajorIncidentService } from '../../../src/services/major/major-incident-service.js';
import { syncLinkedCount } from '../../../src/services/major/major-links.js';
import { buildNewCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import { buildServices, type Services } from '../../helpers/services.js';

export interface MajorHarness extends Services {
  majors: MajorIncidentService;
  /** A Wi-Fi case of Anna's (ARTS Support) declared a major incident by Jonas, outbox forgotten. */
  declareEduroam(): Promise<Case>;
  /** `n` open reports of distinct users (even: Teams, odd: Slack; every third English) built with the store. */
  buildReports(n: number, parentId?: string): Promise<Case[]>;
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
  return { ...s, majors, declareEduroam, buildReports };
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
