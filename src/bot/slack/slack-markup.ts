/** One `<…>` token of Slack's markup (links, mentions, special commands); `<` and `>` never occur inside one. */
const TOKEN = /<([^<>]*)>/g;

/** Slack's three entities; `&amp;` last, so that `&amp;lt;` (a typed "&lt;") stays "&lt;". */
function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** The plain text of one `<…>` token (its inside, still escaped). */
function plainToken(inside: string): string {
  const bar = inside.indexOf('|');
  const target = bar === -1 ? inside : inside.slice(0, bar);
  const label = bar === -1 ? undefined : inside.slice(bar + 1);
  // A person: `<@U123>`, or the older `<@U123|name>`.
  if (target.startsWith('@')) return `@${label || target.slice(1)}`;
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
 * decoded, a mail link as its address, a link as its URL, a person as `@name` (or `@<id>` when Slack gives no
 * name), a channel as `#name` (or `#<id>`), `<!here>` as `@here`. What people typed is what the bot reads:
 * `search anna@au.dk` searches for the address, and "R&D" is stored as "R&D", not "R&amp;D".
 */
export function slackPlainText(text: string): string {
  let out = '';
  let at = 0;
  for (const m of text.matchAll(TOKEN)) {
    out += decodeEntities(text.slice(at, m.index)) + decodeEntities(plainToken(m[1] ?? ''));
    at = m.index + m[0].length;
  }
  return out + decodeEntities(text.slice(at));
}
