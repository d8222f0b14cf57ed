import type { KnownBlock } from '@slack/types';
import { ELLIPSIS } from '../truncate.js';

/**
 * Keeps a block list within Slack's count limit (50 in a message, 100 in a modal). When it must cut, it keeps
 * the trailing actions blocks (the buttons matter more than the middle of a long list) and puts an ellipsis
 * context block where blocks were left out.
 */
export function capBlocks(blocks: KnownBlock[], max: number): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  let tailStart = blocks.length;
  while (tailStart > 0 && blocks[tailStart - 1]?.type === 'actions' && blocks.length - tailStart < max - 2) tailStart--;
  const tail = blocks.slice(tailStart);
  const head = blocks.slice(0, max - 1 - tail.length);
  return [...head, { type: 'context', elements: [{ type: 'plain_text', text: ELLIPSIS }] }, ...tail];
}
