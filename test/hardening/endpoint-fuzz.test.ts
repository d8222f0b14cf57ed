import { describe, expect, it } from 'vitest';
import { appPerTest } from '../helpers/app-per-test.js';
import type { HardenedApp } from '../helpers/hardening-app.js';
import { slackUsers } from '../helpers/slack-harness.js';
import { caseButtonClick, modalSubmission, slashCommand } from '../helpers/slack-requests.js';
import type { SlackBody } from '../helpers/slack-signer.js';
import {
  ANNA,
  aChannelMessage,
  anActionInvoke,
  aPersonalMessage,
  aSearchInvoke,
  aTeamInstall,
} from '../helpers/teams-activities.js';

/**
 * Every single-field mutation of a signed Slack request and a Teams activity of each kind the bot takes: each
 * field (nested ones too) removed or replaced by a value of another type, an operator object or a long string.
 * Slack never sends such requests (they are signed) and Teams' own never look like this, but a bot must answer a
 * malformed request clearly and at once, not with a server error, a hang or a crash.
 */
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const JUNK: readonly (Json | undefined)[] = [
  undefined,
  null,
  42,
  true,
  '',
  [],
  {},
  [1, 'x'],
  { $gt: '' },
  'x'.repeat(5000),
];

/** Every path into a JSON value (object keys and array indexes), outermost first. */
function paths(value: Json, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return keys.flatMap((k) => [[...at, k], ...paths((value as Record<string | number, Json>)[k] as Json, [...at, k])]);
}

/** A copy of `value` with the value at `path` replaced (or removed, for `undefined`). */
function mutate(value: Json, path: (string | number)[], junk: Json | undefined): Json {
  const copy = structuredClone(value) as Record<string | number, Json>;
  let parent = copy;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (junk === undefined) delete parent[last];
  else parent[last] = junk;
  return copy as Json;
}

const RESPONSE_URL = 'https://hooks.slack.test/fuzz/1';
const user = { id: slackUsers.bo.id, name: slackUsers.bo.name };
const interactive = (payload: Record<string, unknown>): SlackBody => ({
  kind: 'interactive',
  payload: { team: { id: 'T1' }, user, api_app_id: 'A0APP', ...payload },
});
/** One signed request of each kind the bot takes. */
const SLACK_SEEDS: Record<string, SlackBody> = {
  command: slashCommand(user, 'status INC-2026-000001', { responseUrl: RESPONSE_URL }),
  click: caseButtonClick(user, { verb: 'claim', caseId: 'c1', version: 1 }, { responseUrl: RESPONSE_URL }),
  submission: modalSubmission(
    user,
    {
      id: 'V1',
      callbackId: 'intake',
      privateMetadata: JSON.stringify({ submit: { verb: 'intake_answer', step: 'describe' } }),
    },
    { description: { description: { type: 'plain_text_input', value: 'printer' } } },
  ),
  suggestion: interactive({ type: 'block_suggestion', action_id: 'assign', block_id: 'case|c1|1|assign', value: 'an' }),
  shortcut: interactive({ type: 'shortcut', callback_id: 'report_incident', trigger_id: 't4' }),
  message: {
    kind: 'event',
    json: {
      type: 'event_callback',
      team_id: 'T1',
      api_app_id: 'A0APP',
      event_id: 'Ev1',
      event_time: 1700000000,
      event: { type: 'message', channel_type: 'im', channel: 'D0BO', user: user.id, text: 'hello', ts: '1700000000.1' },
    },
  },
};

/** One activity of each kind the bot takes. */
const TEAMS_SEEDS: Record<string, Json> = {
  message: aPersonalMessage(ANNA, 'The printer on floor 2 is broken') as Json,
  channelMessage: aChannelMessage(ANNA, 'status INC-2026-000001') as Json,
  click: anActionInvoke(ANNA, { verb: 'claim', caseId: 'c1', version: 1 }, 'channel') as Json,
  search: aSearchInvoke(ANNA, { queryText: 'an', dataset: 'assignees', queryOptions: { skip: 0, top: 15 } }) as Json,
  install: aTeamInstall(ANNA) as Json,
};

/** The JSON a Slack request carries (a form's fields, an interaction's payload, an event). */
function jsonOf(b: SlackBody): Json {
  return (b.kind === 'form' ? b.fields : b.kind === 'interactive' ? b.payload : b.json) as Json;
}

/** The same kind of Slack request carrying `json` (a form's non-string fields sent as their JSON text). */
function withJson(b: SlackBody, json: Json): SlackBody {
  if (b.kind === 'interactive') return { kind: 'interactive', payload: json as Record<string, unknown> };
  if (b.kind === 'event') return { kind: 'event', json: json as Record<string, unknown> };
  const fields = Object.entries(json as Record<string, Json>).map(([k, v]) => [
    k,
    typeof v === 'string' ? v : JSON.stringify(v),
  ]);
  return { kind: 'form', fields: Object.fromEntries(fields) };
}

let h: HardenedApp | undefined;
const apps = appPerTest('hardening-fuzz-');

/** Every single-field mutation of each seed: each path replaced by each junk value, or removed. */
function* mutations<T>(seeds: Record<string, T>, json: (seed: T) => Json): Generator<[string, T, Json]> {
  for (const [name, seed] of Object.entries(seeds)) {
    for (const path of paths(json(seed))) {
      for (const junk of JUNK) {
        const label = `${name} ${path.join('.')}=${JSON.stringify(junk)?.slice(0, 20) ?? '(removed)'}`;
        yield [label, seed, mutate(json(seed), path, junk)];
      }
    }
  }
}

describe('fuzzing the endpoints with single-field mutations', () => {
  it('answers every mutated signed Slack request at once (200 or 400 with what is wrong), never 5xx, and keeps serving', async () => {
    h = await apps.start(() => ({ rateLimit: false, slackUsers: [slackUsers.bo] }));
    const app = h;
    const wrong: string[] = [];
    let refused = 0;
    for (const [label, seed, body] of mutations(SLACK_SEEDS, jsonOf)) {
      const res = await app.slack(withJson(seed, body));
      const text = await res.text();
      // 404 is Bolt's answer after waiting 3 s for an acknowledgement no listener gave.
      if (res.status !== 200 && res.status !== 400) wrong.push(`${label}: ${res.status} ${text.slice(0, 80)}`);
      if (res.status === 400) {
        refused += 1;
        const answer = JSON.parse(text) as { error?: string; issues?: string[] };
        if (answer.error !== 'not a valid Slack request' || !answer.issues?.length) wrong.push(`${label}: 400 ${text}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(refused).toBeGreaterThan(50);
    // Still serving: a good command is answered as usual.
    const answered = app.responses.length;
    const ok = await app.slack(SLACK_SEEDS['command']!);
    expect(ok.status).toBe(200);
    await expect.poll(() => app.responses.length, { timeout: 5000 }).toBeGreaterThan(answered);
  }, 120_000);

  it('answers every mutated Teams activity without a server error, and keeps serving', async () => {
    h = await apps.start(() => ({ rateLimit: false }));
    const app = h;
    const wrong: string[] = [];
    for (const [label, , body] of mutations(TEAMS_SEEDS, (seed) => seed)) {
      const res = await app.teams(body as object);
      const text = await res.text();
      // 501 is the Bot Framework's answer to an invoke the bot does not implement (a name it does not take).
      const unknownInvoke = res.status === 501 && typeof (body as { name?: unknown }).name === 'string';
      if (res.status >= 500 && !unknownInvoke) wrong.push(`${label}: ${res.status} ${text.slice(0, 80)}`);
    }
    expect(wrong).toEqual([]);
    const sent = app.teamsCalls.length;
    expect((await app.teams(aPersonalMessage(ANNA, 'The printer is broken'))).status).toBe(200);
    await expect.poll(() => app.teamsCalls.length, { timeout: 5000 }).toBeGreaterThan(sent);
  }, 120_000);
});
