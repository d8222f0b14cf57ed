/** One `<…>` token of Slack's markup (links, mentions, special commands); `<` and `>` never occur inside one. */
const TOKEN = /<([^<>]*)>/g;

/** Slack's three entities; `&amp;` last, so that `&amp;lt;` (a typed "&lt;") stays "&lt;". */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Names of people by Slack user id, for mentions Slack sends without one (`<@U123>`). */
export type MentionNames = ReadonlyMap<string, string>;

/** The target (`@U123`, `#C1`, a URL) and label of one `<…>` token's inside. */
function splitToken(inside: string): { target: string; label: string | undefined } {
  const bar = inside.indexOf('|');
  return bar === -1
    ? { target: inside, label: undefined }
    : { target: inside.slice(0, bar), label: inside.slice(bar + 1) };
}

/** The plain text of one `<…>` token (its inside, still escaped). */
function plainToken(inside: string, names: MentionNames | undefined): string {
  const { target, label } = splitToken(inside);
  // A person: `<@U123>` (its name from `names`, else the id), or the older `<@U123|name>`.
  if (target.startsWith('@')) return `@${label || names?.get(target.slice(1)) || target.slice(1)}`;
  // A channel: `<#C123|general>`, or `<#C123>` (the id) when Slack left the name out.
  if (target.startsWith('#')) return `#${label || target.slice(1)}`;
  // Special commands: `<!here>`, `<!channel>`, `<!subteam^S123|@team>`, `<!date^…|fallback>`.
  if (target.startsWith('!')) return label || `@${target.slice(1).split('^')[0]}`;
  // A mail address: `<mailto:anna@au.dk|anna@au.dk>`: the address.
  if (/^mailto:/i.test(target)) return target.slice('mailto:'.length);
  // A link: `<https://…|label>` or `<https://…>`: the URL (what was linked to, whatever it was labelled).
  return target;
}

/**
 * The plain text of a message as Slack delivers it (message events, and a slash command's text): `&amp; &lt; &gt;`
 * decoded, a mail link as its address, a link as its URL, a person as `@name` (Slack's label, else the name in
 * `names`, else `@<id>`), a channel as `#name` (or `#<id>`), `<!here>` as `@here`. What people typed is what the
 * bot reads: `search anna@au.dk` searches for the address, and "R&D" is stored as "R&D", not "R&amp;D".
 */
export function slackPlainText(text: string, names?: MentionNames): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += decodeEntities(text.slice(at, m.index)) + decodeEntities(plainToken(m[1] ?? '', names));
    at = m.index + m[0].length;
  }
  return out + decodeEntities(text.slice(at));
}

/** Most people named by look-up in one text: a message mentioning more shows the rest by id. */
export const MAX_MENTION_LOOKUPS = 10;

/**
 * The user ids of the people a text mentions without their name (`<@U123>`, as Slack sends mentions today), each
 * once, at most `MAX_MENTION_LOOKUPS`.
 */
export function unnamedMentions(text: string): string[] {
  const ids = new Set<string>();
  for (const m of text.matchAll(TOKEN)) {
    const { target, label } = splitToken(m[1] ?? '');
    if (target.startsWith('@') && !label && target.length > 1) ids.add(decodeEntities(target.slice(1)));
    if (ids.size >= MAX_MENTION_LOOKUPS) break;
  }
  return [...ids];
}
