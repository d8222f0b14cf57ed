/** Microsoft Graph, where a user's manager is read. */
export const GRAPH_URL = 'https://graph.microsoft.com/v1.0';
/** Microsoft Entra ID's token endpoint (client credentials: the bot's own app id and secret). */
export const LOGIN_URL = 'https://login.microsoftonline.com';
/** A token is fetched anew this long before it expires (ms). */
const TOKEN_MARGIN_MS = 5 * 60_000;
/**
 * How long a request to Microsoft Graph or Entra ID may take before it counts as Graph not answering (ms): an
 * escalation to the manager waits for it inside a Teams turn, which must be answered within 15 s.
 */
export const GRAPH_TIMEOUT_MS = 5_000;

/**
 * Microsoft Graph or Entra ID refused a manager look-up; `reason` names the cause without the details (`graph 403`,
 * `token 401`), so the same trouble can be logged once for a while. `denied`: the bot is not allowed to read
 * managers (Graph's 401 or 403: no `User.Read.All`; Entra ID refusing the bot's id or secret), which only an
 * administrator can change: asking again does not help. `aadsts`: Entra ID's error number for a token refusal
 * (`AADSTS90002`: unknown tenant), which tells the operator which setting to fix.
 */
export class GraphRefusal extends Error {
  constructor(
    message: string,
    readonly reason: string,
    readonly denied = false,
    readonly aadsts?: string,
  ) {
    super(message);
    this.name = 'GraphRefusal';
  }
}

/** A user's manager as Microsoft Graph gives it. */
export interface GraphManager {
  /** The manager's Entra object id (the id Teams gives her as `aadObjectId`). */
  id: string;
  name: string;
  mail?: string;
  upn?: string;
}

export interface GraphManagersOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  now?: () => number;
  /** How long each request may take (ms); `GRAPH_TIMEOUT_MS` by default. */
  timeoutMs?: number;
}

/**
 * Reads a user's manager from Microsoft Graph (`GET /users/{id}/manager`) with the bot's own Entra app
 * (client credentials; the app needs the `User.Read.All` application permission, admin-consented). The token is
 * kept until 5 minutes before it expires. Null when the user has no manager in Entra ID; a refusal throws a
 * `GraphRefusal`, a failure to reach Graph (or no answer within `timeoutMs`) the network's error (the Teams directory
 * answers without a manager then).
 */
export class GraphManagers {
  private token: { value: string; until: number } | null = null;
  private readonly now: () => number;

  constructor(private readonly opts: GraphManagersOptions) {
    this.now = opts.now ?? Date.now;
  }

  async managerOf(userId: string): Promise<GraphManager | null> {
    const url = `${GRAPH_URL}/users/${encodeURIComponent(userId)}/manager?$select=id,displayName,mail,userPrincipalName`;
    const ask = async () =>
      fetch(url, {
        headers: { authorization: `Bearer ${await this.accessToken()}` },
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? GRAPH_TIMEOUT_MS),
      });
    // A token kept from before that Graph no longer takes (revoked, or the secret rotated) is fetched anew and the
    // question asked once more: only a fresh token's 401 says the bot is not allowed.
    const kept = this.token !== null && this.now() < this.token.until;
    let res = await ask();
    if (res.status === 401) this.token = null;
    if (res.status === 401 && kept) {
      res = await ask();
      if (res.status === 401) this.token = null;
    }
    if (res.status === 404) return null;
    if (!res.ok) {
      throw new GraphRefusal(
        `Microsoft Graph answered ${res.status} for a user's manager${hint(res.status)}`,
        `graph ${res.status}`,
        res.status === 401 || res.status === 403,
      );
    }
    const body = (await res.json()) as {
      id?: unknown;
      displayName?: unknown;
      mail?: unknown;
      userPrincipalName?: unknown;
    };
    if (typeof body.id !== 'string' || body.id === '') return null;
    const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
    const mail = text(body.mail);
    const upn = text(body.userPrincipalName);
    return {
      id: body.id,
      name: text(body.displayName) ?? mail ?? body.id,
      ...(mail ? { mail } : {}),
      ...(upn ? { upn } : {}),
    };
  }

  private async accessToken(): Promise<string> {
    const now = this.now();
    if (this.token && now < this.token.until) return this.token.value;
    const { tenantId, clientId, clientSecret } = this.opts;
    const res = await fetch(`${LOGIN_URL}/${encodeURIComponent(tenantId)}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? GRAPH_TIMEOUT_MS),
      body: new URLSearchParams({
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      }),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: unknown;
      expires_in?: unknown;
      error?: unknown;
      error_description?: unknown;
    };
    if (!res.ok || typeof body.access_token !== 'string') {
      const why = typeof body.error === 'string' ? `: ${body.error}` : '';
      // Entra ID's description's first line ("AADSTS90002: Tenant '…' not found."); trace and correlation ids follow.
      const said = typeof body.error_description === 'string' ? body.error_description.split(/\r?\n/)[0]?.trim() : '';
      throw new GraphRefusal(
        `Microsoft Entra ID refused the bot's token for Microsoft Graph (${res.status}${why})${said ? `: ${said}` : ''}`,
        `token ${res.status}`,
        res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429,
        said?.match(/^AADSTS\d+/)?.[0],
      );
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in) || 3600;
    this.token = { value: body.access_token, until: now + Math.max(0, seconds * 1000 - TOKEN_MARGIN_MS) };
    return body.access_token;
  }
}

/** What the admin can do about a Graph refusal. */
function hint(status: number): string {
  return status === 403
    ? ": grant the bot's Entra app the User.Read.All application permission (admin consent), or unset TEAMS_GRAPH_MANAGERS"
    : '';
}
