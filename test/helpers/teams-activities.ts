/** Fake Bot Connector base URL the test activities carry; nock intercepts it. */
export const SERVICE_URL = 'https://smba.test/teams/';
export const TENANT_ID = 'tenant-0001';
export const BOT_ID = '28:incident-bot';
export const TEAM_ID = '19:team@thread.tacv2';
/** The Arts desk channel of test/fixtures/catalogues/minimal.yaml. */
export const ARTS_CHANNEL_ID = '19:arts-desk@thread.tacv2';

export interface TestUser {
  id: string;
  aadObjectId?: string;
  name: string;
}

/** Anna, an employee with an AAD id. */
export const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Jensen' };
/** Mia, a member of the Arts desk in the minimal catalogue. */
export const MIA: TestUser = { id: '29:mia', aadObjectId: 'aad-mia', name: 'Mia Medlem' };
/** Ada, an admin of the minimal catalogue (data-protection commands) and in no group. */
export const ADA: TestUser = { id: '29:ada', aadObjectId: 'aad-ada', name: 'Ada Admin' };

let seq = 0;

function base(user: TestUser, conversation: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  seq += 1;
  return {
    id: `act-${seq}`,
    channelId: 'msteams',
    serviceUrl: SERVICE_URL,
    timestamp: new Date(0).toISOString(),
    locale: 'en-US',
    from: { ...user },
    recipient: { id: BOT_ID, name: 'Incident bot' },
    conversation,
    channelData: { tenant: { id: TENANT_ID } },
    ...extra,
  };
}

/** The 1:1 conversation of a user with the bot. */
export function personalConversation(user: TestUser) {
  return { id: `a:personal-${user.id}`, conversationType: 'personal', tenantId: TENANT_ID };
}

/** A message in the user's personal chat with the bot. */
export function aPersonalMessage(user: TestUser, text: string, extra: Record<string, unknown> = {}) {
  return { ...base(user, personalConversation(user)), type: 'message', text, ...extra };
}

/** A message in a team channel (the bot was @mentioned). */
export function aChannelMessage(user: TestUser, text: string, channelId = ARTS_CHANNEL_ID) {
  return {
    ...base(user, {
      id: `${channelId};messageid=999`,
      conversationType: 'channel',
      isGroup: true,
      tenantId: TENANT_ID,
    }),
    type: 'message',
    text: `<at>Incident bot</at> ${text}`,
    channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID, name: 'IT' }, channel: { id: channelId } },
  };
}

/** A message in a Teams group chat the bot was added to (the bot was @mentioned): no team, no channel. */
export function aGroupChatMessage(user: TestUser, text: string, chatId = '19:group-chat@thread.v2') {
  return {
    ...base(user, { id: chatId, conversationType: 'groupChat', isGroup: true, tenantId: TENANT_ID }),
    type: 'message',
    text: `<at>Incident bot</at> ${text}`,
  };
}

/** An `adaptiveCard/action` invoke (Action.Execute) with the action data (inputs merged in). */
export function anActionInvoke(
  user: TestUser,
  data: Record<string, unknown>,
  where: 'personal' | 'channel' = 'personal',
) {
  const conversation =
    where === 'personal'
      ? personalConversation(user)
      : {
          id: `${ARTS_CHANNEL_ID};messageid=1700000000001`,
          conversationType: 'channel',
          isGroup: true,
          tenantId: TENANT_ID,
        };
  return {
    ...base(user, conversation),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId: where === 'channel' ? '1700000000001' : undefined,
    value: { action: { type: 'Action.Execute', verb: data['verb'], data }, trigger: 'manual' },
    ...(where === 'channel'
      ? { channelData: { tenant: { id: TENANT_ID }, team: { id: TEAM_ID }, channel: { id: ARTS_CHANNEL_ID } } }
      : {}),
  };
}

/**
 * A click (`anActionInvoke`) on a case card posted in a channel: in the card's thread (`conversationId`, whose
 * message id the click replies to) of its channel (`channelId`).
 */
export function aClickOnChannelCard(
  user: TestUser,
  card: { conversationId?: string | undefined; channelId?: string | undefined } | undefined,
  data: Record<string, unknown>,
) {
  const thread = card?.conversationId ?? '';
  return {
    ...anActionInvoke(user, data, 'channel'),
    conversation: { id: thread, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID },
    replyToId: thread.split(';messageid=')[1],
    channelData: { tenant: { id: TENANT_ID }, channel: { id: card?.channelId } },
  };
}

/** The app installed into a team: the bot is added to the team's General channel. */
export function aTeamInstall(user: TestUser, channelId = ARTS_CHANNEL_ID) {
  return {
    ...base(user, { id: channelId, conversationType: 'channel', isGroup: true, tenantId: TENANT_ID }),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT_ID }],
    channelData: {
      tenant: { id: TENANT_ID },
      team: { id: TEAM_ID, name: 'IT' },
      channel: { id: channelId },
      eventType: 'teamMemberAdded',
    },
  };
}

/** The app installed in a personal chat. */
export function aPersonalInstall(user: TestUser) {
  return { ...base(user, personalConversation(user)), type: 'conversationUpdate', membersAdded: [{ id: BOT_ID }] };
}

/**
 * An `application/search` invoke: Teams asking for typeahead choices of a `Data.Query` ChoiceSet, with `value`
 * as given (normally `{ queryText, dataset, queryOptions: { skip, top } }`; anything, to test refusals).
 */
export function aSearchInvoke(user: TestUser, value: unknown) {
  return { ...base(user, personalConversation(user)), type: 'invoke', name: 'application/search', value };
}
