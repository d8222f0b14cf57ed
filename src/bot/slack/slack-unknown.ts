import type { App } from '@slack/bolt';
import type { SlackContext, Where } from './slack-context.js';
import { CALLBACK, noticeModal, REPORT_SHORTCUT } from './slack-modals.js';
import { slackTexts, textView } from './slack-replies.js';

/** Matches any id except the given ones (Bolt constraints take a string or a RegExp). */
function anyBut(ids: readonly string[]): RegExp {
  const escaped = ids.map((id) => id.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  return new RegExp(`^(?!(?:${escaped.join('|')})$)`);
}

/**
 * Answers the Slack requests no other listener takes — a form of a modal from an older version of the bot, a
 * shortcut or slash command set up in the Slack app but not here — at once, instead of letting Bolt wait 3 s for
 * an acknowledgement that never comes (Slack then shows the person "dispatch_failed" or an error in the modal, and
 * the log an error). The person is told what happened; the log says what to fix (a warning). An answer that is
 * the acknowledgement (a form's, a command's) speaks the language remembered from the person's last look-up, else
 * the default: no look-up (users.info may be slow) goes before an acknowledgement.
 */
export function registerUnknownRequests(app: App, ctx: SlackContext): void {
  app.view({ type: 'view_submission', callback_id: anyBut([CALLBACK.intake, CALLBACK.caseForm]) }, async (args) => {
    const { body } = args;
    ctx.log.warn({ callbackId: body.view.callback_id }, 'slack: a form the bot does not know was submitted');
    const locale = ctx.quickLocale(body.user.id);
    await args.ack({
      response_action: 'update',
      view: noticeModal(locale, slackTexts.notDone[locale], slackTexts.staleForm[locale]),
    });
  });
  // Slack sends these only for views opened with `notify_on_close`; nothing to do but take them.
  app.view({ type: 'view_closed', callback_id: anyBut([CALLBACK.intake]) }, async ({ ack }) => {
    await ack();
  });

  app.shortcut(anyBut([REPORT_SHORTCUT]), async ({ ack, shortcut, respond }) => {
    await ack();
    ctx.log.warn(
      { callbackId: shortcut.callback_id },
      'slack: a shortcut the bot does not know was used: remove it from the Slack app, or update the bot',
    );
    // Acknowledged already: the look-up may take its time.
    const userName = 'username' in shortcut.user ? shortcut.user.username : undefined;
    const locale = ctx.localeOf(await ctx.person(shortcut.user.id, userName));
    const text = slackTexts.unknownShortcut[locale];
    // A message shortcut has a response URL (an ephemeral note in its channel; when Slack certainly showed nothing
    // there, in the channel or the DM, as every answer: `SlackContext.tell`); a global one, the DM.
    const where: Where =
      shortcut.type === 'message_action'
        ? { userId: shortcut.user.id, dm: false, channel: shortcut.channel.id, respond }
        : { userId: shortcut.user.id, dm: true };
    await ctx.tell(where, textView(locale, text));
  });

  const expected = ctx.deps.command;
  app.command(anyBut([expected]), async ({ ack, command }) => {
    ctx.log.warn(
      { command: command.command, expected },
      `slack: the slash command ${command.command} is set up in the Slack app, but the bot answers ${expected}: ` +
        'set SLACK_COMMAND to it, or rename the command in the Slack app',
    );
    const locale = ctx.quickLocale(command.user_id);
    await ack({ response_type: 'ephemeral', text: slackTexts.unknownSlashCommand[locale](command.command, expected) });
  });
}
