import { TeamsDirectory } from '../src/bot/teams/teams-directory.js';
import { recordEmail, TeamsRefs } from '../src/bot/teams/teams-refs.js';
import { SqliteCaseStore } from '../src/models/sqlite/sqlite-case-store.js';
import type { BenchRow } from './run.js';
import { timeRuns } from './support/load.js';

/** People the bot has met on Teams: at a university, every student who ever wrote to it. */
const PEOPLE = Number(process.env.BENCH_TEAMS_PEOPLE ?? 20_000);
const RUNS = 20;

/**
 * Resolving a staff member by e-mail, as the services do for every escalation, SLA ping to a supervisor and daily
 * digest (`directory.search(email)`): through the Teams e-mail index, against reading every person's record (what
 * the search did before the index), and by name (every record read once a minute). No target in issue 10.
 */
export async function run(): Promise<BenchRow[]> {
  const store = new SqliteCaseStore({ file: ':memory:' });
  await store.init();
  try {
    const at = new Date();
    const refs = new TeamsRefs(store);
    for (let i = 0; i < PEOPLE; i++) {
      // As the bot stores someone who wrote to it: member info, tenant, service URL and the personal conversation.
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
    }
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
    const label = (what: string) => `teams directory (${PEOPLE} people met): ${what}, median of ${RUNS}`;
    return [
      {
        name: label('a staff e-mail, from the e-mail index (vs reading every record)'),
        value: indexed.median,
        unit: 'ms',
        baseline: everyone.median,
      },
      {
        name: label("a name, the minute's first search (everyone's name, e-mail, UPN, locale read; vs whole records)"),
        value: byNameFirst.median,
        unit: 'ms',
        baseline: everyone.median,
      },
      { name: label('a name, later in the minute (the people read for the first)'), value: byName.median, unit: 'ms' },
    ];
  } finally {
    await store.close();
  }
}
