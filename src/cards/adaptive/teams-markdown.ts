/**
 * Characters of the Markdown subset Teams renders in a TextBlock (CommonMark: emphasis, links, autolinks, entities,
 * code) that could turn text into formatting or a link; each is written with a backslash, which shows it as is.
 */
const INLINE_MARKUP = /[\\`*_[\]<>~&|]/g;
/** A line start (up to three spaces in, as Markdown allows) that would make a heading, a bullet or a quote. */
const BLOCK_START = /^(\s{0,3})(#|[-+=>])/;
/**
 * A line start that would make an ordered list item: the backslash goes before its `.` or `)` (a backslash before a
 * digit is no escape in Markdown and would show).
 */
const ORDERED_START = /^(\s{0,3}\d+)([.)])/;

/**
 * User text for a Teams TextBlock, shown literally: markup characters are backslash-escaped, so `*bold*`,
 * `[x](javascript:…)`, `<at>…</at>` and `&lt;` stay text, and line breaks become spaces (a one-line value). Use it
 * where our own Markdown (a link) surrounds user text; template syntax in text is harmless anyway (data is never
 * parsed by the template binder).
 */
export function escapeTeamsMarkdown(text: string): string {
  return escapeInline(text.replace(/[\r\n]+/g, ' '))
    .replace(BLOCK_START, '$1\\$2')
    .replace(ORDERED_START, '$1\\$2');
}

/**
 * User text of several lines (a case's title, a note, a solution) for a TextBlock, shown literally and line by line:
 * each line escaped as in `escapeTeamsMarkdown`, the lines joined by paragraph breaks (a single line break would
 * only be a space in Markdown: a list of cases or a note of several lines would run together into one paragraph).
 */
export function escapeTeamsMarkdownLines(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => escapeTeamsMarkdown(line))
    .join('\n\n');
}

/**
 * `[text](url)`: the text escaped as above, the URL with the characters that would end or break a Markdown link
 * destination percent-encoded. Only http(s) URLs make a link; anything else gives the escaped text alone.
 */
export function teamsMarkdownLink(text: string, url: string): string {
  const label = escapeTeamsMarkdown(text);
  if (!/^https?:\/\//i.test(url)) return label;
  const destination = url.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters cannot stand in a link, so they go
    /[\x00-\x20()<>[\]\\"'`\x7f]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
  return `[${label}](${destination})`;
}

/** A list item's marker and the space after it (`- `, `* `, `1. `), up to three spaces in. */
const LIST_MARKER = /^(\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+)(.*)$/;

/**
 * A message's paragraph for a Teams TextBlock, shown as written. Our messages quote what people wrote (a case's
 * title, a note, an answer, a question from staff) in the middle of our own sentences, so the whole paragraph is
 * escaped: `*`, `_`, `\`, `[x](url)` and `<…>` stay text instead of turning into emphasis or a disguised link. The
 * one piece of Markdown kept is a line that is a list item (the help's command lists, a note written as a list):
 * its marker stays, its text is escaped. Lines stand one under the other: each line break becomes a paragraph
 * break (one break is only a space in Markdown), except before a list item, where one break keeps the list a list.
 */
export function teamsMessageText(text: string): string {
  const lines = text.split(/\r?\n/);
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const item = LIST_MARKER.exec(line);
    const shown = item ? `${item[1]}${escapeInline(item[2] ?? '')}` : escapeTeamsMarkdown(line);
    out += i === 0 ? shown : (item ? '\n' : '\n\n') + shown;
  }
  return out;
}

function escapeInline(text: string): string {
  return text.replace(INLINE_MARKUP, '\\$&');
}
