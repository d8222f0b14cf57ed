import { z } from 'zod';
import { groupOfAssigneeDataset, searchAssignOptions } from '../../services/lifecycle/group-people.js';
import type { TeamsTurn } from './teams-bot.js';
import type { TeamsBotDeps } from './teams-bot-deps.js';

/** The invoke name Teams sends as the user types into a `Data.Query` (dynamic typeahead) ChoiceSet. */
export const SEARCH_INVOKE = 'application/search';
/** The body type of an answer to `application/search`. */
export const SEARCH_RESPONSE_TYPE = 'application/vnd.microsoft.search.searchResponse';
/** Teams shows at most this many typeahead results; a larger `top` is cut to it. */
export const MAX_SEARCH_RESULTS = 15;

/** The `value` of an `application/search` invoke; unknown fields (`kind`, `data` …) are ignored. */
const searchInvokeValue = z
  .object({
    queryText: z.string().max(500).optional(),
    dataset: z.string().min(1).max(200),
    queryOptions: z
      .object({
        skip: z.number().int().min(0).max(100_000).optional(),
        top: z.number().int().min(0).max(1000).optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

/** One typeahead choice: `title` is shown, `value` is what the ChoiceSet submits. */
export interface SearchResult {
  title: string;
  value: string;
}

/** An invoke response carrying typeahead results (an empty list shows Teams' "no results"). */
export function searchResponse(results: SearchResult[]): {
  status: 200;
  body: { type: typeof SEARCH_RESPONSE_TYPE; value: { results: SearchResult[] } };
} {
  return { status: 200, body: { type: SEARCH_RESPONSE_TYPE, value: { results } } };
}

/** The invoke response to a search whose `value` does not parse: 400 with the Universal Actions error body. */
function badRequest(message: string) {
  return {
    status: 400,
    body: { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message } },
  };
}

/**
 * Answers an `application/search` invoke: the typeahead of a large desk's assign menu (dataset
 * `assignees:<group id>`, see `MenuView.search`). Support staff get the group's people matching `queryText`, paged
 * by `queryOptions.skip`, at most `min(top, 15)` (default 15); anyone else, an unknown group or another dataset
 * gets an empty list. A `value` that does not parse gets status 400; nothing is thrown.
 */
export async function handleSearch(
  deps: Pick<TeamsBotDeps, 'catalogue' | 'isStaff' | 'logger'>,
  turn: TeamsTurn,
): Promise<void> {
  const parsed = searchInvokeValue.safeParse(turn.activity.value);
  if (!parsed.success) {
    deps.logger.warn({ issues: parsed.error.issues.slice(0, 3) }, 'Teams search ignored: unexpected value');
    await turn.respond(badRequest('The search request has an unexpected shape.'));
    return;
  }
  const { queryText = '', dataset, queryOptions } = parsed.data;
  if (!deps.isStaff(turn.person)) {
    await turn.respond(searchResponse([]));
    return;
  }
  const groupId = groupOfAssigneeDataset(dataset);
  const group = groupId === undefined ? undefined : deps.catalogue.group(groupId);
  if (!group) {
    deps.logger.debug({ dataset }, 'Teams search: unknown dataset');
    await turn.respond(searchResponse([]));
    return;
  }
  const limit = Math.min(queryOptions?.top ?? MAX_SEARCH_RESULTS, MAX_SEARCH_RESULTS);
  const options = searchAssignOptions(group, queryText, {
    ...(queryOptions?.skip !== undefined ? { skip: queryOptions.skip } : {}),
    limit,
  });
  await turn.respond(searchResponse(options.map((o) => ({ title: o.label, value: o.value }))));
}
