import { describe, expect, it } from 'vitest';
import { slackButtonValue } from '../../../src/cards/slack/slack-action-payload.js';
import type { ActionView } from '../../../src/cards/view-models.js';

/** An order's "Try again" carrying `values`, which Slack may leave out. */
const retry = (values: Record<string, string>, extra: Record<string, unknown> = {}): ActionView => ({
  action: { verb: 'order_items', draft: 'd1', values, ...extra },
  label: 'Try again',
  optionalFields: ['values'],
});
const parsed = (a: ActionView) => {
  const value = slackButtonValue(a);
  expect(value.length).toBeLessThanOrEqual(2000);
  return JSON.parse(value) as Record<string, unknown>;
};

describe('slackButtonValue', () => {
  it('keeps the action whole, with no leftOut, when it fits', () => {
    expect(parsed(retry({ 'qty.a': '1' }))).toEqual({ verb: 'order_items', draft: 'd1', values: { 'qty.a': '1' } });
  });

  it('keeps each value that still fits and names the others in leftOut', () => {
    const value = parsed(retry({ 'qty.a': '1', special: 's'.repeat(1500), justification: 'j'.repeat(900), q: '2' }));
    expect(value['values']).toEqual({ 'qty.a': '1', special: 's'.repeat(1500), q: '2' });
    expect(value['leftOut']).toEqual(['values.justification']);
  });

  it('adds to what the action already names as left out, and says true when even the list does not fit', () => {
    const earlier = parsed(
      retry({ special: 's'.repeat(1100), justification: 'j'.repeat(900) }, { leftOut: ['values.x'] }),
    );
    expect(earlier['leftOut']).toEqual(['values.x', 'values.justification']);
    const many = Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [`qty.${'k'.repeat(60)}${i}`, '1'.repeat(60)]),
    );
    const value = parsed(retry(many));
    expect(value['leftOut']).toBe(true);
    expect(value['verb']).toBe('order_items');
  });
});
