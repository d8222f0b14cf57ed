import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { buildDispatchCase } from '../../helpers/case-builder.js';
import { people } from '../../helpers/people.js';
import type { TestUser } from '../../helpers/teams-activities.js';
import { GRAPH_ORIGIN, startTeamsGraphApp } from '../../helpers/teams-graph-app.js';

/**
 * An erase drops what the bot keeps about whether anyone is above the person (`ManagersAbove`): Microsoft Graph's
 * answer about her manager, otherwise kept ten minutes for her cards, is not used after she is erased — her next
 * card asks Graph again. Through the real Teams server (signed clicks); Graph faked by nock.
 */

const apps = teamsAppPerTest('teams-graph-manager-erase-');

/** The central dispatch's supervisor in config/catalogue.yaml: nobody above her there. */
const LONE: TestUser = { id: '29:lone', aadObjectId: 'aad-lone', name: 'Lone Bech Hansen' };

describe('Teams: erasing a person whose manager Microsoft Graph named', () => {
  it("forgets Graph's answer about her manager: her next card asks Graph again", async () => {
    const { app, click } = await startTeamsGraphApp(apps, { '29:lone': 'lone.bech@au.dk' });
    let asked = 0;
    nock(GRAPH_ORIGIN)
      .persist()
      .get('/v1.0/users/aad-lone/manager')
      .query(true)
      .reply(() => {
        asked += 1;
        return [200, { id: 'aad-helle', displayName: 'Helle Vestergaard', mail: 'helle.vestergaard@au.dk' }];
      });
    const c = await app.app.services.store.createCase(buildDispatchCase());
    const refresh = async () =>
      expect(await click(LONE, { verb: 'refresh', caseId: c.id, version: c.version })).toContain(c.number);

    await refresh();
    expect(asked).toBe(1);
    // Kept for her cards (ten minutes; the app's clock does not move).
    await refresh();
    expect(asked).toBe(1);

    expect((await app.app.services.privacy.erasePerson(people.birgitte, 'lone.bech@au.dk')).ok).toBe(true);
    await refresh();
    expect(asked).toBe(2);
  });
});
