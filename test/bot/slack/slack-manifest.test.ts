import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SLACK_EVENTS_PATH } from '../../../src/bot/slack/slack-transport.js';

const manifest = parse(readFileSync(new URL('../../../manifest/slack/manifest.yml', import.meta.url), 'utf8')) as {
  settings: {
    event_subscriptions: { request_url: string };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url?: string };
  };
};

describe('slack manifest', () => {
  it('sends interactivity and the options loads of searched menus to the one events path', () => {
    const { interactivity, event_subscriptions } = manifest.settings;
    expect(interactivity.is_enabled).toBe(true);
    expect(new URL(interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(interactivity.message_menu_options_url).toBe(interactivity.request_url);
    expect(event_subscriptions.request_url).toBe(interactivity.request_url);
  });
});
