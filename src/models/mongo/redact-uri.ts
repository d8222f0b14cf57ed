/** Where the user-info part of a URI sits: `scheme://user:password@hosts/...`. */
function userInfoBounds(uri: string): { start: number; colon: number; at: number } | null {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(uri);
  if (!scheme) return null;
  const start = scheme[0].length;
  // The user info ends at the last '@' before the query string; a password may hold '/' or ':' unescaped.
  const queryAt = uri.indexOf('?', start);
  const at = uri.lastIndexOf('@', (queryAt === -1 ? uri.length : queryAt) - 1);
  if (at < start) return null;
  const colon = uri.indexOf(':', start);
  if (colon === -1 || colon > at) return null;
  return { start, colon, at };
}

/**
 * A MongoDB connection string safe to show in logs and errors: the password of the user-info part is replaced
 * by `****` (the user name stays, it helps to tell deployments apart). Strings without a password come back as
 * they are.
 */
export function redactMongoUri(uri: string): string {
  const b = userInfoBounds(uri);
  return b ? `${uri.slice(0, b.colon)}:****${uri.slice(b.at)}` : uri;
}

/** The password of a connection string (raw and decoded forms), to scrub it from driver messages as well. */
export function mongoUriSecrets(uri: string): string[] {
  const b = userInfoBounds(uri);
  if (!b) return [];
  const raw = uri.slice(b.colon + 1, b.at);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // a malformed escape: the raw form is all there is
  }
  return [...new Set([raw, decoded])].filter((s) => s.length > 0);
}

/** `message` with every secret of `uri` replaced by `****`. */
export function scrubSecrets(message: string, uri: string): string {
  let out = message;
  for (const secret of mongoUriSecrets(uri)) out = out.split(secret).join('****');
  return out;
}
