import { TeamsDirectory } from '../src/bot/teams/teams-directory.js';
import { recordEmail, TeamsRefs } from '../src/bot/teams/teams-refs.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import type { BenchRow } from './run.js';
import { timeRuns } from './support/load.js';

/** People the bot has met on Teams: at a university, every student who ever wrote to it. */
const PEOPLE = Number(process.env.BENCH_TEAMS_PEOPLE ?? 20_000);
const RUNS = 20;
/** People who write to the bot for the first time, or again after an hour, in a minute of a busy morning. */
const MET_PER_MINUTE = 20;

/**
 * Resolving a staff member by e-mail, as the services do for every escalation, SLA ping to a supervisor and daily
 * digest (`directory.search(email)`): through the Teams e-mail index, against reading every person's record (what
 * the search did before the index), and by name (every record read once a minute). No target in issue 10.
 */
export async function run(): Promise<BenchRow[]> {
  // The store's clock: the people were met over the past months, not all in this second.
  let storeNow = Date.now() - 30 * 86_400_000;
  const store = new SqliteCaseStore({ file: ':memory:', now: () => new Date(storeNow) });
  await store.init();
  try {
    const at = new Date();
    const refs = new TeamsRefs(store);
    // As the bot stores someone who wrote to it: member info, tenant, service URL and the personal conversation.
    const meet = async (i: number) => {
      const user = { id: `29:u${i}`, name: `Student Person${i}`, aadObjectId: `aad-${i}` };
      const serviceUrl = 'https://smba.trafficmanager.net/emea/';
      await refs.savePerson(
        `teams:aad-${i}`,
        {
          userId: user.id,
          aadObjectId: user.aadObjectId,
          tenantId: 'tenant-au',
          name: user.name,
          email: `au${100_000 + i}@uni.au.dk`,
          locale: 'da-DK',
          serviceUrl,
          reference: {
            user,
            agent: { id: '28:incident-bot', name: 'Incident bot' },
            conversation: {
              id: `a:1personal-${i}-0d9f8e7c6b5a49382716`,
              conversationType: 'personal',
              tenantId: 'tenant-au',
            },
            channelId: 'msteams',
            locale: 'da-DK',
            serviceUrl,
          } as never,
        },
        at,
      );
    };
    for (let i = 0; i < PEOPLE; i++) {
      storeNow += 60_000;
      await meet(i);
    }
    storeNow = Date.now();
    await refs.indexEmails(at);
    const directory = new TeamsDirectory(refs);
    const email = `au${100_000 + PEOPLE - 7}@uni.au.dk`;
    const indexed = await timeRuns(() => directory.search(email, 5), RUNS);
    if (indexed.result.length !== 1) throw new Error(`the e-mail search found ${indexed.result.length} people`);
    // What the search did before the index: every record read and compared.
    const everyone = await timeRuns(
      async () => (await refs.people()).filter((p) => recordEmail(p.ref) === email),
      RUNS,
    );
    const name = `Person${PEOPLE - 7}`;
    const byNameFirst = await timeRuns(() => new TeamsDirectory(refs, 0).search(name, 5), RUNS);
    const byName = await timeRuns(() => directory.search(name, 5), RUNS);
    // A minute later: the people met in it are read, and the records counted (what the search did before: read
    // everyone again, as the minute's first search above).
    let dirNow = Date.now();
    const later = new TeamsDirectory(refs, 60_000, () => dirNow);
    await later.search(name, 5);
    let met = PEOPLE;
    const minuteTimes: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      for (let k = 0; k < MET_PER_MINUTE; k++) {
        storeNow += 3_000;
        await meet(met++);
      }
      dirNow += 60_000;
      const t = performance.now();
      const found = await later.search(`Person${met - 1}`, 5);
      minuteTimes.push(performance.now() - t);
      if (found.length !== 1) throw new Error(`the search after a minute found ${found.length} people`);
    }
    minuteTimes.sort((a, b) => a - b);
    const afterMinute = minuteTimes[Math.floor(RUNS / 2)] ?? Number.NaN;
    const label = (what: string) => `teams directory (${PEOPLE} people met): ${what}, median of ${RUNS}`;
    return [
      {
        name: label('a staff e-mail, from the e-mail index (vs reading every record)'),
        value: indexed.median,
        unit: 'ms',
        baseline: everyone.median,
      },
      {
        name: label("a name, the first search (everyone's name, e-mail, UPN, locale read; vs whole records)"),
        value: byNameFirst.median,
        unit: 'ms',
        baseline: everyone.median,
      },
      { name: label('a name, later in the minute (the people read for the first)'), value: byName.median, unit: 'ms' },
      {
        name: label(`a name, a minute later (the ${MET_PER_MINUTE} people met in it read; vs everyone again)`),
        value: afterMinute,
        unit: 'ms',
        baseline: byNameFirst.median,
      },
    ];
  } finally {
    await store.close();
  }
}
