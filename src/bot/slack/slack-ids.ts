/** The prefix of person ids for Slack users (`slack:U0123ABC`). */
export const SLACK_PREFIX = 'slack:';

/** `slack:<userId>` for a Slack user id. */
export function slackPersonId(userId: string): string {
  return `${SLACK_PREFIX}${userId}`;
}

/** The Slack user id behind a `slack:` person id, or undefined for people of other platforms. */
export function slackUserIdOf(personId: string): string | undefined {
  if (!personId.startsWith(SLACK_PREFIX)) return undefined;
  const id = personId.slice(SLACK_PREFIX.length);
  return /^[UW][A-Z0-9]{1,30}$/.test(id) ? id : undefined;
}

/**
 * Intake conversation keys. The modal and the DM are separate conversations, so typing in the DM while a modal is
 * open never moves the modal's draft on.
 */
export const conversationKeys = {
  modal: (userId: string): string => `slack:modal:${userId}`,
  dm: (userId: string): string => `slack:dm:${userId}`,
};
