import type {
  ActionsBlockElement,
  Button,
  ExternalSelect,
  KnownBlock,
  PlainTextOption,
  RichTextBlock,
  RichTextElement,
  RichTextSection,
  StaticSelect,
  UsersSelect,
} from '@slack/types';
import { scaledCap, shrinkToFit } from '../card-budget.js';
import { cardLabels } from '../card-labels.js';
import { menuField } from '../case-forms.js';
import { truncate } from '../truncate.js';
import {
  type ActionView,
  type CaseCardView,
  EARLIER_SOLUTIONS_SHOWN,
  type FactView,
  type MenuView,
} from '../view-models.js';
import { caseBlockId, slackButtonValue, uniqueActionIds } from './slack-action-payload.js';
import { capBlocks } from './cap-blocks.js';
import { renderInputBlock } from './slack-inputs.js';
import { escapeMrkdwn, labelled, mrkdwnText, plain, SLACK_LIMITS, truncateEscaped } from './slack-text.js';

/** A rendered Slack message: fallback `text` (notifications, screen readers) and the blocks. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function button(a: ActionView, actionId: string): Button {
  const style = a.style === 'positive' ? 'primary' : a.style === 'destructive' ? 'danger' : undefined;
  return {
    type: 'button',
    action_id: actionId,
    text: plain(a.label, SLACK_LIMITS.button),
    value: slackButtonValue(a),
    ...(style ? { style } : {}),
  };
}

/** Keys of a menu option's payload besides the chosen field. */
const FIXED_KEYS: ReadonlySet<string> = new Set(['verb', 'caseId', 'version']);

/** What a case card menu's options stand for: the verb, the case and version it was rendered from, the field. */
export interface CaseMenuTarget {
  verb: string;
  caseId: string;
  version: number;
  /** The action field the chosen value goes into (`menuField`: `assigneeEmail`, `status` …). */
  field: string;
}

/**
 * The Slack options of a case card menu: each value is the JSON of the whole action (verb, case id, version and
 * the chosen value in `field`), which `actionFromSlackPayload` turns back into the action. Shared by the
 * static_select on the card and the options an `external_select` loads (searched assign menus), so a chosen
 * option decodes the same either way. Values may hold 150 characters: a long one leaves out the case (the block
 * id carries it); one that still does not fit cannot be sent and is left out. At most 100 options (Slack's limit).
 */
export function caseMenuOptions(
  target: CaseMenuTarget,
  choices: readonly { value: string; label: string }[],
): PlainTextOption[] {
  const { verb, caseId, version, field } = target;
  const options: PlainTextOption[] = [];
  // The payload is the same JSON for every option up to the chosen value: serialised once, the value spliced in
  // (exactly what JSON.stringify of the whole object gives while the field is not one of the fixed keys).
  const spliced = !FIXED_KEYS.has(field);
  const head = `${JSON.stringify({ verb, caseId, version }).slice(0, -1)},${JSON.stringify(field)}:`;
  for (const o of choices) {
    const full = spliced
      ? `${head}${JSON.stringify(o.value)}}`
      : JSON.stringify({ verb, caseId, version, [field]: o.value });
    const value = full.length <= SLACK_LIMITS.optionValue ? full : JSON.stringify({ verb, [field]: o.value });
    if (value.length <= SLACK_LIMITS.optionValue) options.push({ text: plain(o.label, SLACK_LIMITS.option), value });
    if (options.length === SLACK_LIMITS.options) break;
  }
  return options;
}

function menuElement(
  view: CaseCardView,
  menu: MenuView,
  actionId: string,
): StaticSelect | ExternalSelect | UsersSelect {
  const placeholder = plain(menu.label, SLACK_LIMITS.placeholder);
  if (menu.search || menu.options.length > SLACK_LIMITS.options) {
    // A large desk, or more choices than a static menu lists (an Escalate menu of over 100 groups): Slack asks the
    // options load URL for them as the staff member types (`app.options`), answered with `caseMenuOptions` of the
    // same verb, case and version; 0 lists them as soon as it opens.
    return { type: 'external_select', action_id: actionId, placeholder, min_query_length: 0 };
  }
  if (menu.verb === 'assign' && menu.options.length === 0) {
    return { type: 'users_select', action_id: actionId, placeholder };
  }
  const target = { verb: menu.verb, caseId: view.caseId, version: view.version, field: menuField(menu) };
  return { type: 'static_select', action_id: actionId, placeholder, options: caseMenuOptions(target, menu.options) };
}

function fieldsSections(facts: FactView[], fieldLimit: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: 'section',
      fields: facts.slice(i, i + SLACK_LIMITS.fields).map((f) => labelled(f.label, f.value, fieldLimit)),
    });
  }
  return blocks;
}

/** Characters of an attachment's name shown at most (the inbound side keeps names to 120 already). */
const ATTACHMENT_NAME = 120;
/** Characters of each earlier solution on the card (it stays whole in the case). */
const EARLIER_SOLUTION_CHARS = 500;

/**
 * The user's files as a rich_text block: the heading, then a bullet per file, its name a link when there is a URL,
 * and its size. Rich text elements are never parsed as mrkdwn, so a name such as `<!channel>` or `*bold*` shows
 * literally and cannot ping, format or link anywhere but to its own file.
 */
function attachmentsBlock(
  heading: string,
  files: NonNullable<CaseCardView['attachments']>,
  nameLimit: number,
): RichTextBlock {
  const items: RichTextSection[] = files.map((f) => {
    const name = truncate(f.name, nameLimit) || ' ';
    const named: RichTextElement =
      f.url && /^https?:\/\//i.test(f.url) ? { type: 'link', url: f.url, text: name } : { type: 'text', text: name };
    return { type: 'rich_text_section', elements: [named, { type: 'text', text: ` (${f.size})` }] };
  });
  return {
    type: 'rich_text',
    elements: [
      { type: 'rich_text_section', elements: [{ type: 'text', text: heading, style: { bold: true } }] },
      { type: 'rich_text_list', style: 'bullet', elements: items },
    ],
  };
}

/**
 * Characters of text a case card's blocks may hold in all. Slack refuses a message whose blocks carry more than
 * about 13 000 characters of text (`msg_blocks_too_long`, undocumented; every single block may be within its own
 * limit), which three long notes and a long solution reach easily.
 */
export const SLACK_CARD_TEXT_BUDGET = 12_000;

export interface RenderCaseCardBlocksOptions {
  /**
   * Characters of block text the card may hold; default `SLACK_CARD_TEXT_BUDGET`. A message that embeds the card
   * passes less when its own parts, cut as short as they go, leave less than that.
   */
  textBudget?: number;
}

/**
 * The characters of every text object (`text` of sections, fields, headers, context) in `blocks`, and of the texts
 * and link URLs of rich text.
 */
export function blocksTextLength(blocks: readonly KnownBlock[]): number {
  let n = 0;
  const add = (t: unknown) => {
    if (typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string') {
      n += (t as { text: string }).text.length;
    }
  };
  for (const b of blocks) {
    if ('text' in b) add(b.text);
    if ('fields' in b) for (const f of b.fields ?? []) add(f);
    if (b.type === 'context') for (const e of b.elements) add(e);
    if (b.type === 'rich_text') n += richTextLength(b.elements);
  }
  return n;
}

function richTextLength(elements: readonly unknown[]): number {
  let n = 0;
  for (const e of elements) {
    if (typeof e !== 'object' || e === null) continue;
    const { text, url, elements: inner } = e as { text?: unknown; url?: unknown; elements?: unknown };
    if (typeof text === 'string') n += text.length;
    if (typeof url === 'string') n += url.length;
    if (Array.isArray(inner)) n += richTextLength(inner);
  }
  return n;
}

/**
 * The case card for Slack: header (number and title), section fields (priority, status, type, category, people,
 * group, facts), context (SLA), solution, the user's attachments (a rich text list of links) and latest notes, an
 * actions block of buttons (`action_id` = verb, `value` = JSON of the action with case id and version) and an
 * actions block of menus (static_select for status, escalation group and assignee; external_select for a searched
 * assign menu of a large desk and for a menu of more than 100 choices, its options loaded with `caseMenuOptions`;
 * users_select for an assign menu without options). User text is escaped for mrkdwn or sent as plain_text or rich text; every Slack limit is respected by cutting with an ellipsis, and a card whose text
 * is over `SLACK_CARD_TEXT_BUDGET` (or `textBudget`) in all is rendered again with user texts cut shorter, step
 * by step.
 */
export function renderCaseCardBlocks(view: CaseCardView, opts: RenderCaseCardBlocksOptions = {}): SlackMessage {
  const budget = opts.textBudget ?? SLACK_CARD_TEXT_BUDGET;
  return shrinkToFit(
    (share) => renderAt(view, share),
    (message) => blocksTextLength(message.blocks) <= budget,
  ).rendered;
}

function renderAt(view: CaseCardView, share: number): SlackMessage {
  const cap = (limit: number) => scaledCap(limit, share);
  const l = cardLabels(view.locale);
  const blocks: KnownBlock[] = [];
  if (view.notice) blocks.push({ type: 'context', elements: [plain(`⚠️ ${view.notice}`, SLACK_LIMITS.sectionText)] });
  blocks.push({ type: 'header', text: plain(`${view.number}: ${view.title}`, SLACK_LIMITS.header) });
  if (view.banner) blocks.push({ type: 'section', text: plain(`➡️ ${view.banner}`, cap(SLACK_LIMITS.sectionText)) });
  const facts: FactView[] = [
    { label: l.priority, value: view.priorityLabel },
    { label: l.status, value: view.statusLabel },
    { label: l.type, value: view.typeLabel },
    { label: l.category, value: view.categoryLabel },
    { label: l.user, value: view.userLabel },
    ...(view.reporterLabel ? [{ label: l.reporter, value: view.reporterLabel }] : []),
    { label: l.group, value: view.groupLabel },
    ...(view.assigneeLabel ? [{ label: l.assignee, value: view.assigneeLabel }] : []),
    ...view.facts,
  ];
  blocks.push(...fieldsSections(facts, cap(SLACK_LIMITS.field)));
  if (view.slaLabel) {
    const sla = view.breached ? `🔴 ${l.slaBreached}: ${view.slaLabel}` : `${l.sla}: ${view.slaLabel}`;
    blocks.push({ type: 'context', elements: [plain(sla, SLACK_LIMITS.sectionText)] });
  }
  if (view.solution)
    blocks.push({ type: 'section', text: labelled(l.solution, view.solution, cap(SLACK_LIMITS.sectionText)) });
  // The solutions that did not hold, newest first under the current one: the newest few, a few lines each.
  const earlier = view.earlierSolutions ?? [];
  for (const e of earlier.slice(0, EARLIER_SOLUTIONS_SHOWN)) {
    const text = truncate(e.text, cap(EARLIER_SOLUTION_CHARS));
    blocks.push({ type: 'section', text: labelled(e.heading, text, cap(SLACK_LIMITS.sectionText)) });
  }
  if (earlier.length > EARLIER_SOLUTIONS_SHOWN) {
    const more = l.earlierSolutionsMore(earlier.length - EARLIER_SOLUTIONS_SHOWN);
    blocks.push({ type: 'context', elements: [plain(more, SLACK_LIMITS.sectionText)] });
  }
  if (view.attachments?.length) blocks.push(attachmentsBlock(l.attachments, view.attachments, cap(ATTACHMENT_NAME)));
  const notes = view.notes.slice(0, 3);
  if (notes.length > 0) {
    blocks.push({ type: 'divider' }, { type: 'section', text: { type: 'mrkdwn', text: `*${escapeMrkdwn(l.notes)}*` } });
    for (const n of notes) {
      const meta = [n.author, n.at, n.internal ? l.internal : ''].filter(Boolean).join(' · ');
      blocks.push({ type: 'context', elements: [plain(meta, cap(SLACK_LIMITS.sectionText))] });
      // Slack refuses the whole card (invalid_blocks) for a section without text: an empty note shows its line only.
      if (n.text.trim()) blocks.push({ type: 'section', text: mrkdwnText(n.text, cap(SLACK_LIMITS.sectionText)) });
    }
  }
  // Above the buttons (the user's "What is still wrong?"): Slack sends them with every click, and only the button
  // whose verb prefixes an input's id takes it (`formInputsFor`).
  for (const input of view.inputs ?? []) blocks.push(renderInputBlock(input, view.locale));
  const buttons = view.actions.slice(0, SLACK_LIMITS.actionsElements);
  if (buttons.length > 0) {
    const ids = uniqueActionIds(buttons.map((a) => a.action.verb));
    const withCase = buttons.map((a) => ({
      ...a,
      action: { ...a.action, caseId: view.caseId, version: view.version },
    }));
    blocks.push({
      type: 'actions',
      block_id: caseBlockId(view.caseId, view.version, 'buttons'),
      elements: withCase.map((a, i) => button(a, ids[i]!)),
    });
  }
  const menus = view.menus
    .filter((m) => m.options.length > 0 || m.verb === 'assign' || m.search)
    .slice(0, SLACK_LIMITS.actionsElements);
  if (menus.length > 0) {
    const ids = uniqueActionIds(menus.map((m) => m.verb));
    const elements: ActionsBlockElement[] = menus.map((m, i) => menuElement(view, m, ids[i]!));
    blocks.push({ type: 'actions', block_id: caseBlockId(view.caseId, view.version, 'menus'), elements });
  }
  const text = truncateEscaped(
    escapeMrkdwn(`${view.number}: ${view.title} (${view.statusLabel})`),
    SLACK_LIMITS.sectionText,
  );
  return { text, blocks: capBlocks(blocks, SLACK_LIMITS.blocks) };
}
