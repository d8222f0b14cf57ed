import type { MrkdwnElement, PlainTextElement } from '@slack/types';
import { ELLIPSIS, truncate } from '../truncate.js';

/** Block Kit limits (characters / counts) the renderers respect. */
export const SLACK_LIMITS = {
  header: 150,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  button: 75,
  buttonValue: 2000,
  option: 75,
  optionValue: 150,
  options: 100,
  actionsElements: 25,
  contextElements: 10,
  placeholder: 150,
  label: 2000,
  hint: 2000,
  inputText: 3000,
  blocks: 50,
  modalBlocks: 100,
  modalTitle: 24,
  modalButton: 24,
  blockId: 255,
} as const;

/**
 * Escapes user text for Slack mrkdwn: `&`, `<` and `>` become entities, so `<!channel>`, `<@U123>` and
 * `<http://x|y>` typed by a user show as text and never ping or link. Formatting characters (`*`, `_`) are left.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts already-escaped mrkdwn to `max`, never through the middle of an entity such as `&amp;`. */
export function truncateEscaped(escaped: string, max: number): string {
  if (escaped.length <= max) return escaped;
  let cut = Array.from(escaped)
    .slice(0, max - 1)
    .join('');
  const amp = cut.lastIndexOf('&');
  if (amp !== -1 && cut.indexOf(';', amp) === -1) cut = cut.slice(0, amp);
  return cut.trimEnd() + ELLIPSIS;
}

/** A plain_text object (no markup at all), cut to `max`. */
export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

/** A mrkdwn object from user text: escaped, then cut to `max`. */
export function mrkdwnText(text: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateEscaped(escapeMrkdwn(text), max), verbatim: true };
}

/** `*label*\nvalue` with both parts escaped (labels are ours but may quote user text), cut to `max`. */
export function labelled(label: string, value: string, max: number): MrkdwnElement {
  return {
    type: 'mrkdwn',
    text: truncateEscaped(`*${escapeMrkdwn(label)}*\n${escapeMrkdwn(value)}`, max),
    verbatim: true,
  };
}
