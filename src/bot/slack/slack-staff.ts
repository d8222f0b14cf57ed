import type { MessageView } from '../../cards/view-models.js';
import type { Person } from '../../models/case.js';
import { runStaffCommand } from '../run-staff-command.js';
import type { StaffCommand } from '../staff-commands.js';
import type { SlackContext } from './slack-context.js';
import { slackTexts, textView } from './slack-replies.js';

/**
 * Runs a staff command for a Slack person and shows the answer with `say` (ephemeral for the slash command, a DM
 * message in the DM). An admin's export goes as a JSON file into their DM with the bot (`files.uploadV2`, needs
 * the `files:write` scope): the file keeps personal data out of channels and has no length limit; when the
 * upload fails the admin is told why, never shown the data inline.
 */
export async function runSlackStaffCommand(
  ctx: SlackContext,
  person: Person,
  userId: string,
  command: StaffCommand,
  say: (view: MessageView) => Promise<unknown>,
  dmChannel?: string,
): Promise<void> {
  const locale = ctx.localeOf(person);
  const result = await runStaffCommand(ctx.deps.staff, person, command, locale);
  await say(result.view);
  if (!result.export) return;
  const { filename, json } = result.export;
  try {
    const channel = dmChannel ?? (await ctx.deps.client.conversations.open({ users: userId })).channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    await ctx.deps.client.filesUploadV2({
      channel_id: channel,
      content: json,
      filename,
      title: filename,
    });
    await say(textView(locale, slackTexts.exportUploaded[locale](filename)));
  } catch (err) {
    ctx.log.error({ err }, 'slack: the admin export could not be uploaded');
    const reason = (err as { data?: { error?: unknown } }).data?.error;
    await say(textView(locale, slackTexts.exportUploadFailed[locale](typeof reason === 'string' ? reason : 'error')));
  }
}
