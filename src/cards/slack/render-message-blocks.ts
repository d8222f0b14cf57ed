import type { KnownBlock } from '@slack/types';
import { SMALLEST_SHARE, scaledCap, shrinkToFit } from '../card-budget.js';
import { paragraphs } from '../paragraphs.js';
import type { FactView, MessageView } from '../view-models.js';
import { capBlocks } from './cap-blocks.js';
import {
  blocksTextLength,
  renderCaseCardBlocks,
  SLACK_CARD_TEXT_BUDGET,
  type SlackMessage,
} from './render-case-card-blocks.js';
import { renderInputBlock } from './slack-inputs.js';
import { slackButtonValue, uniqueActionIds } from './slack-action-payload.js';
import { escapeMrkdwn, labelled, mrkdwnText, plain, SLACK_LIMITS, truncateEscaped } from './slack-text.js';

/** A Slack mention for a view's person: only a well-formed `slack:U…` id becomes `<@U…>`, nothing else pings. */
export function slackMention(mention: MessageView['mention']): string | undefined {
  const m = mention ? /^slack:([UW][A-Z0-9]{2,20})$/.exec(mention.id) : null;
  return m ? `<@${m[1]}>` : undefined;
}

function actionsBlock(actions: NonNullable<MessageView['actions']>): KnownBlock {
  const shown = actions.slice(0, SLACK_LIMITS.actionsElements);
  const ids = uniqueActionIds(shown.map((a) => a.action.verb));
  return {
    type: 'actions',
    elements: shown.map((a, i) => {
      const style = a.style === 'positive' ? 'primary' : a.style === 'destructive' ? 'danger' : undefined;
      return {
        type: 'button' as const,
        action_id: ids[i]!,
        text: plain(a.label, SLACK_LIMITS.button),
        value: slackButtonValue(a),
        ...(style ? { style } : {}),
      };
    }),
  };
}

/**
 * A personal message or prompt for Slack: the mention (a real ping, built from the id only), header title, text
 * paragraphs (escaped mrkdwn), facts as section fields, the form's inputs as input blocks with its submit
 * buttons (values arrive in the message's `state.values`), further buttons, an attached case card's blocks, and
 * an image block (report chart) under the facts.
 *
 * Every block is within its Slack limit; a message whose blocks hold more than `SLACK_CARD_TEXT_BUDGET`
 * characters of text in all (`msg_blocks_too_long`) is rendered again with its paragraphs and facts cut shorter,
 * step by step. An attached case card keeps its own rendering while the message's own parts can make room; only
 * when they cannot, even cut as short as they go, is the case card given what they leave. With `keepText` (a part
 * of a long text) it is the other way round: the case card is cut to what the whole text leaves.
 */
export function renderMessageBlocks(view: MessageView): SlackMessage {
  const caseCard = view.caseCard ? renderCaseCardBlocks(view.caseCard).blocks : [];
  const fits = (message: SlackMessage) => blocksTextLength(message.blocks) <= SLACK_CARD_TEXT_BUDGET;
  // A message whose text is what it is for (`keepText`) keeps it whole while the case card can make room.
  if (view.keepText && view.caseCard) {
    const whole = renderAt(view, 1, caseCard);
    if (fits(whole)) return whole;
    const rest = blocksTextLength(renderAt(view, 1, []).blocks);
    if (rest < SLACK_CARD_TEXT_BUDGET) {
      const smaller = renderCaseCardBlocks(view.caseCard, { textBudget: SLACK_CARD_TEXT_BUDGET - rest });
      const kept = renderAt(view, 1, smaller.blocks);
      if (fits(kept)) return kept;
    }
  }
  const shrunk = shrinkToFit((share) => renderAt(view, share, caseCard), fits);
  if (shrunk.fits || !view.caseCard) return shrunk.rendered;
  const rest = blocksTextLength(renderAt(view, SMALLEST_SHARE, []).blocks);
  const smaller = renderCaseCardBlocks(view.caseCard, { textBudget: SLACK_CARD_TEXT_BUDGET - rest });
  return renderAt(view, SMALLEST_SHARE, smaller.blocks);
}

/**
 * A view's text as sections, one per paragraph (escaped mrkdwn), then its facts as section fields, ten to a section
 * as Slack allows; `cap` gives each block's length limit from Slack's (unchanged when not given).
 */
export function textAndFactBlocks(
  text: string,
  facts: readonly FactView[] = [],
  cap: (limit: number) => number = (limit) => limit,
): KnownBlock[] {
  const blocks: KnownBlock[] = paragraphs(text).map((p) => ({
    type: 'section',
    text: mrkdwnText(p, cap(SLACK_LIMITS.sectionText)),
  }));
  for (let i = 0; i < facts.length; i += SLACK_LIMITS.fields) {
    blocks.push({
      type: 'section',
      fields: facts.slice(i, i + SLACK_LIMITS.fields).map((f) => labelled(f.label, f.value, cap(SLACK_LIMITS.field))),
    });
  }
  return blocks;
}

function renderAt(view: MessageView, share: number, caseCard: KnownBlock[]): SlackMessage {
  const cap = (limit: number) => scaledCap(limit, share);
  const blocks: KnownBlock[] = [];
  const mention = slackMention(view.mention);
  if (mention) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: mention } });
  if (view.title) blocks.push({ type: 'header', text: plain(view.title, SLACK_LIMITS.header) });
  blocks.push(...textAndFactBlocks(view.text, view.facts, cap));
  if (view.image) {
    // Slack fetches the image itself; alt text is capped at Slack's 2000 characters.
    blocks.push({ type: 'image', image_url: view.image.url, alt_text: view.image.alt.slice(0, 2000) });
  }
  if (view.form) {
    blocks.push(...view.form.inputs.map((input) => renderInputBlock(input, view.locale)));
    if (view.form.submit.length > 0) blocks.push(actionsBlock(view.form.submit));
  }
  if (view.actions && view.actions.length > 0) blocks.push(actionsBlock(view.actions));
  if (caseCard.length > 0) blocks.push({ type: 'divider' }, ...caseCard);
  const summary = escapeMrkdwn(view.title ? `${view.title}: ${view.text}` : view.text);
  const text = truncateEscaped(mention ? `${mention} ${summary}` : summary, SLACK_LIMITS.sectionText);
  return { text, blocks: capBlocks(blocks, SLACK_LIMITS.blocks) };
}
