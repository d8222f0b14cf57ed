import type { Logger } from '../../logger.js';
import { GraphRefusal } from './graph-managers.js';

/** While Microsoft Graph keeps refusing for the same cause, it is logged again after this long (ms). */
export const GRAPH_TROUBLE_LOG_MS = 10 * 60_000;

/**
 * A manager look-up that Microsoft Graph (or Entra ID, for its token) refused or did not answer, as plain data: the
 * delivery worker sends it to the main thread, which logs it (`GraphTroubleLog`). `reason`: `GraphRefusal.reason`
 * (`graph 403`, `token 400`), `unreachable` for any other failure; `denied`: the bot is not allowed to read managers;
 * `aadsts`: Entra ID's error number for a token refusal.
 */
export interface GraphTrouble {
  reason: string;
  denied: boolean;
  aadsts?: string;
  /** The error's name and message (Entra ID's or Graph's answer in it). */
  name: string;
  message: string;
}

/** What a failed manager look-up (`GraphManagers.managerOf`'s rejection) was, as `GraphTrouble`. */
export function graphTroubleOf(err: unknown): GraphTrouble {
  if (err instanceof GraphRefusal) {
    return {
      reason: err.reason,
      denied: err.denied,
      ...(err.aadsts ? { aadsts: err.aadsts } : {}),
      name: err.name,
      message: err.message,
    };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const cause = (e.cause as { code?: unknown } | undefined)?.code;
  return {
    reason: 'unreachable',
    denied: false,
    name: e.name,
    message: typeof cause === 'string' ? `${e.message} (${cause})` : e.message,
  };
}

/** The delivery worker's news of its manager look-ups, sent to the main thread's log (`GraphTroubleLog.fromWorker`). */
export type GraphNews = { type: 'graph-refused'; trouble: GraphTrouble } | { type: 'graph-answered' };

/**
 * Where a Teams directory tells how its manager look-ups in Microsoft Graph went: `refused` when one was refused or
 * not answered, `answered` when one was answered (Graph works again).
 */
export interface GraphTroubleSink {
  refused(trouble: GraphTrouble): void;
  answered(): void;
}

const UNTIL_THEN =
  "Until then nobody gets a manager from Graph, and a supervisor escalating to her manager is told an administrator must fix the bot's permission or credentials (logged once until Graph answers)";

/**
 * The operator's headline for Graph not allowing the bot to read managers: what to do about this cause. Entra ID
 * refusing the token (an unknown tenant, an app not in it, a wrong or expired secret) is fixed in the bot's settings,
 * not by a permission; Graph's 403 by granting `User.Read.All`; Graph's 401 to a fresh token may be either.
 */
export function deniedHeadline(t: Pick<GraphTrouble, 'reason' | 'aadsts'>): string {
  const head = 'TEAMS_GRAPH_MANAGERS=true, but';
  const orUnset = 'or unset TEAMS_GRAPH_MANAGERS';
  if (t.reason === 'graph 403') {
    return `${head} Microsoft Graph does not allow the bot to read people's managers: grant the bot's Entra app the Microsoft Graph application permission User.Read.All with admin consent, ${orUnset}. ${UNTIL_THEN}`;
  }
  if (!t.reason.startsWith('token ')) {
    return `${head} Microsoft Graph does not take the bot's token for people's managers (${t.reason}): check that TEAMS_TENANT_ID is the tenant of the bot's Entra app (TEAMS_CLIENT_ID) and that the app has the Microsoft Graph application permission User.Read.All with admin consent, ${orUnset}. ${UNTIL_THEN}`;
  }
  const token = `Microsoft Entra ID refuses the bot's credentials for Microsoft Graph (${t.reason}${t.aadsts ? `, ${t.aadsts}` : ''})`;
  switch (t.aadsts) {
    // Tenant not found; an invalid tenant identifier.
    case 'AADSTS90002':
    case 'AADSTS900023':
      return `${head} ${token}: it knows no tenant TEAMS_TENANT_ID: set TEAMS_TENANT_ID to the directory (tenant) id of the bot's Entra app, ${orUnset}. ${UNTIL_THEN}`;
    // The app is not found in the tenant.
    case 'AADSTS700016':
      return `${head} ${token}: the bot's app (TEAMS_CLIENT_ID) is not in the tenant TEAMS_TENANT_ID: check TEAMS_CLIENT_ID and TEAMS_TENANT_ID (the app must be registered in that tenant), ${orUnset}. ${UNTIL_THEN}`;
    // A wrong secret; an expired one.
    case 'AADSTS7000215':
    case 'AADSTS7000222':
      return `${head} ${token}: the secret is wrong or expired: set TEAMS_CLIENT_SECRET to a current client secret of the bot's Entra app (Certificates & secrets), ${orUnset}. ${UNTIL_THEN}`;
    default:
      return `${head} ${token}: check TEAMS_TENANT_ID, TEAMS_CLIENT_ID and TEAMS_CLIENT_SECRET, ${orUnset}. ${UNTIL_THEN}`;
  }
}

/**
 * The log of Microsoft Graph's troubles with manager look-ups, one for the process: the request thread's Teams
 * directory tells it directly, the delivery worker's through the main thread (`OutboxThread`'s `onGraph`), so one
 * cause is one line whichever thread met it. A cause is logged once every `GRAPH_TROUBLE_LOG_MS` while it goes on,
 * and at once again after Graph has answered; one saying the bot is not allowed to read managers (`denied`: with
 * what to do, `deniedHeadline`) only once until Graph has answered. Otherwise a missing permission would be logged
 * at every case that asks for a manager. `onAnswered`: told whenever Graph answered a look-up, in either thread
 * (the cards' memory of Graph's refusals is dropped then, `ManagersAbove.graphAnswered`).
 */
export class GraphTroubleLog implements GraphTroubleSink {
  /** When each cause was last logged (ms); emptied when Graph answers again. */
  private readonly logged = new Map<string, number>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly logger: Logger | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** `listener` is told each time Graph answered a manager look-up. */
  onAnswered(listener: () => void): void {
    this.listeners.push(listener);
  }

  refused(t: GraphTrouble): void {
    const now = this.now();
    const last = this.logged.get(t.reason);
    const err = { type: t.name, message: t.message };
    // Not allowed to read managers: said once, until Graph answers (an administrator fixed it) and refuses again.
    if (t.denied && last === undefined) {
      this.logged.set(t.reason, now);
      this.logger?.warn({ err, reason: t.reason }, deniedHeadline(t));
    } else if (!t.denied && (last === undefined || now - last >= GRAPH_TROUBLE_LOG_MS)) {
      this.logged.set(t.reason, now);
      this.logger?.warn(
        { err, reason: t.reason },
        'Microsoft Graph did not answer a manager look-up; people get no manager from it meanwhile (logged once per cause in 10 minutes)',
      );
    }
  }

  answered(): void {
    this.logged.clear();
    for (const listener of this.listeners) listener();
  }

  /** The delivery worker's news (`OutboxThread`'s `onGraph`), taken as this thread's own look-ups' would be. */
  fromWorker(news: GraphNews): void {
    if (news.type === 'graph-refused') this.refused(news.trouble);
    else this.answered();
  }
}
