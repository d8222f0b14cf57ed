import { Activity } from '@microsoft/agents-activity';
import { describe, expect, it } from 'vitest';
import { cardResponse, outgoingActivity } from '../../../src/bot/teams/teams-messages.js';

describe('outgoingActivity', () => {
  it('builds an SDK activity carrying every given field when handed an invoke response', () => {
    const value = cardResponse({ type: 'AdaptiveCard', version: '1.5', body: [] } as never);
    const activity = outgoingActivity({ type: 'invokeResponse', value });
    expect(activity).toBeInstanceOf(Activity);
    expect(activity.type).toBe('invokeResponse');
    expect(activity.value).toEqual(value);
    expect(Activity.fromObject(activity)).toMatchObject({ type: 'invokeResponse', value });
  });

  it('leaves validation to the SDK when the activity has a bad field', () => {
    const activity = outgoingActivity({ type: 'message', text: 42 });
    expect(() => Activity.fromObject(activity)).toThrow();
  });
});
