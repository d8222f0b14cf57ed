import nock from 'nock';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CardRef } from '../../../src/models/case.js';
import { DeliveryError } from '../../../src/services/ports/chat-gateway.js';
import {
  ANNA,
  aPersonalMessage,
  ARTS_CHANNEL_ID,
  aTeamInstall,
  MIA,
  SERVICE_URL,
} from '../../helpers/teams-activities.js';
import { CONNECTOR_HOST, startTeamsHarness, type TeamsHarness } from '../../helpers/teams-harness.js';
import { aCaseCardView, aMessageView } from '../../helpers/views.js';

let h: TeamsHarness;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startTeamsHarness();
});
afterEach(async () => {
  await h.close();
  nock.cleanAll();
});

const THREAD = `${ARTS_CHANNEL_ID};messageid=1700000000001`;
const cardRef: CardRef = {
  platform: 'teams',
  groupId: 'arts-desk',
  channelId: ARTS_CHANNEL_ID,
  messageId: '1700000000001',
  conversationId: THREAD,
  active: true,
};

/** Lets the user write once (stores the reference), answering the bot's own reply. */
async function userWrites() {
  const scope = nock(CONNECTOR_HOST)
    .post(/\/activities/)
    .reply(200, { id: 'r1' });
  await h.post(aPersonalMessage(ANNA, 'hello'));
  scope.done();
}

describe('TeamsGateway', () => {
  it('sends a proactive 1:1 message through the stored conversation reference when the user wrote before', async () => {
    await userWrites();
    let body: { attachments: { content: unknown }[] } | undefined;
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations/a:personal-29:anna/activities', (b) => {
        body = b;
        return true;
      })
      .reply(201, { id: 'proactive-1' });
    const result = await h.gateway.sendToPerson(
      { id: 'teams:aad-anna', name: 'Anna Jensen' },
      aMessageView({ title: 'Bo claimed INC-000123' }),
    );
    scope.done();
    expect(result).toEqual({ messageId: 'proactive-1' });
    expect(JSON.stringify(body?.attachments[0]?.content)).toContain('Bo claimed INC-000123');
  });

  it('creates the 1:1 conversation by AAD id and tenant when no reference is stored', async () => {
    await h.refs.saveServiceUrl('tenant-0001', SERVICE_URL, h.clock.now());
    let created: Record<string, unknown> | undefined;
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations', (b) => {
        created = b;
        return true;
      })
      .reply(200, { id: 'a:new-personal' })
      .post('/teams/v3/conversations/a:new-personal/activities')
      .reply(200, { id: 'first-1' });
    const result = await h.gateway.sendToPerson({ id: 'teams:aad-bo', name: 'Bo' }, aMessageView());
    scope.done();
    expect(result).toEqual({ messageId: 'first-1' });
    expect(created).toMatchObject({ isGroup: false, members: [{ id: 'aad-bo' }], tenantId: 'tenant-0001' });
    expect((await h.refs.person('teams:aad-bo'))?.reference?.conversation.id).toBe('a:new-personal');
  });

  it('posts a case card as a new channel conversation and returns its activity and thread ids', async () => {
    await h.post(aTeamInstall(MIA));
    let created:
      | {
          isGroup: boolean;
          channelData: { channel: { id: string } };
          activity: { attachments: { content: unknown }[] };
        }
      | undefined;
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations', (b) => {
        created = b;
        return true;
      })
      .reply(201, { id: THREAD, activityId: '1700000000001' });
    const result = await h.gateway.postCaseCard(
      { platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID, teamId: '19:team@thread.tacv2' },
      aCaseCardView(),
    );
    scope.done();
    expect(result).toEqual({ messageId: '1700000000001', conversationId: THREAD });
    expect(created?.isGroup).toBe(true);
    expect(created?.channelData.channel.id).toBe(ARTS_CHANNEL_ID);
    expect(JSON.stringify(created?.activity.attachments[0]?.content)).toContain('INC-000123');
  });

  it('addresses the card by activityId when the connector answers with the bare channel id', async () => {
    await h.post(aTeamInstall(MIA));
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations')
      .reply(201, { id: ARTS_CHANNEL_ID, activityId: '1700000000002' });
    const result = await h.gateway.postCaseCard(
      { platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID },
      aCaseCardView(),
    );
    scope.done();
    expect(result).toEqual({
      messageId: '1700000000002',
      conversationId: `${ARTS_CHANNEL_ID};messageid=1700000000002`,
    });
  });

  it('takes the root message from the thread id when the connector sends no activityId', async () => {
    await h.post(aTeamInstall(MIA));
    const scope = nock(CONNECTOR_HOST).post('/teams/v3/conversations').reply(201, { id: THREAD });
    const result = await h.gateway.postCaseCard(
      { platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID },
      aCaseCardView(),
    );
    scope.done();
    expect(result).toEqual({ messageId: '1700000000001', conversationId: THREAD });
  });

  it('fails for a retry when the connector does not say which message the card became', async () => {
    await h.post(aTeamInstall(MIA));
    nock(CONNECTOR_HOST).post('/teams/v3/conversations').reply(201, { id: ARTS_CHANNEL_ID });
    const err = await h.gateway
      .postCaseCard({ platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID }, aCaseCardView())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
  });

  it('posts a message as a new channel conversation with the message card when posting a group message', async () => {
    await h.post(aTeamInstall(MIA));
    let created: { isGroup: boolean; channelData: { channel: { id: string } }; activity: unknown } | undefined;
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations', (b) => {
        created = b;
        return true;
      })
      .reply(201, { id: `${ARTS_CHANNEL_ID};messageid=1700000000009`, activityId: '1700000000009' });
    const result = await h.gateway.postMessage(
      { platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID },
      aMessageView({ title: 'Major incident INC-000777', text: 'Eduroam is down on campus' }),
    );
    scope.done();
    expect(result).toEqual({ messageId: '1700000000009' });
    expect(created?.isGroup).toBe(true);
    expect(created?.channelData.channel.id).toBe(ARTS_CHANNEL_ID);
    const content = JSON.stringify(created?.activity);
    expect(content).toContain('AdaptiveCard');
    expect(content).toContain('Eduroam is down on campus');
  });

  it('updates the posted card in place with updateActivity', async () => {
    await h.post(aTeamInstall(MIA));
    let updated: { id?: string; attachments: { content: unknown }[] } | undefined;
    const scope = nock(CONNECTOR_HOST)
      .put(`/teams/v3/conversations/${THREAD}/activities/1700000000001`, (b) => {
        updated = b;
        return true;
      })
      .reply(200, { id: '1700000000001' });
    await h.gateway.updateCaseCard(cardRef, aCaseCardView({ statusLabel: 'Resolved', version: 9 }));
    scope.done();
    expect(JSON.stringify(updated?.attachments[0]?.content)).toContain('Resolved');
  });

  it('replies in the card thread with an @mention entity when the message mentions someone', async () => {
    await h.post(aTeamInstall(MIA));
    let reply: { text?: string; entities?: unknown[] } | undefined;
    const scope = nock(CONNECTOR_HOST)
      .post(`/teams/v3/conversations/${THREAD}/activities/1700000000001`, (b) => {
        reply = b;
        return true;
      })
      .reply(200, { id: 'thread-reply-1' });
    await h.gateway.replyInThread(
      cardRef,
      aMessageView({ mention: { id: 'teams:aad-hanne', name: 'Hanne Hjelp' }, text: 'Escalated to you.' }),
    );
    scope.done();
    expect(reply?.text).toContain('<at>Hanne Hjelp</at>');
    expect(reply?.entities).toContainEqual({
      type: 'mention',
      text: '<at>Hanne Hjelp</at>',
      mentioned: { id: 'aad-hanne', name: 'Hanne Hjelp' },
    });
  });

  it('mentions a supervisor pinged by e-mail as the Teams user the ping reaches, and leaves out a mention Teams cannot resolve', async () => {
    await userWrites();
    const bodies: { text?: string; entities?: unknown[]; attachments: { content: unknown }[] }[] = [];
    const scope = nock(CONNECTOR_HOST)
      .post('/teams/v3/conversations/a:personal-29:anna/activities', (b) => {
        bodies.push(b);
        return true;
      })
      .times(2)
      .reply(201, { id: 'ping-1' });
    const anna = { id: 'teams:aad-anna', name: 'Anna Jensen', email: 'anna.jensen@example.dk' };
    await h.gateway.sendToPerson(anna, aMessageView({ mention: { id: 'email:Anna.Jensen@example.dk', name: 'Anna' } }));
    await h.gateway.sendToPerson(anna, aMessageView({ mention: { id: 'email:bo@example.dk', name: 'Bo Nielsen' } }));
    scope.done();
    const mention = { type: 'mention', text: '<at>Anna</at>', mentioned: { id: 'aad-anna', name: 'Anna' } };
    expect(bodies[0]?.entities).toEqual([mention]);
    expect(JSON.stringify(bodies[0]?.attachments[0]?.content)).toContain('"id":"aad-anna"');
    expect(JSON.stringify(bodies)).not.toContain('email:');
    expect(bodies[1]?.entities).toBeUndefined();
    expect(JSON.stringify(bodies[1])).not.toContain('<at>');
  });

  it('fails with retryAfterMs when Teams throttles with 429 Retry-After', async () => {
    await h.post(aTeamInstall(MIA));
    nock(CONNECTOR_HOST)
      .put(/activities/)
      .reply(429, { error: { code: 'Throttled' } }, { 'Retry-After': '7' });
    const err = await h.gateway.updateCaseCard(cardRef, aCaseCardView()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).retryAfterMs).toBe(7000);
    expect((err as DeliveryError).permanent).toBe(false);
  });

  it('fails permanently when the conversation is gone (404) or the bot was removed (403)', async () => {
    await userWrites();
    nock(CONNECTOR_HOST)
      .post(/activities/)
      .reply(403, { error: { code: 'BotNotInConversationRoster' } });
    const forbidden = await h.gateway
      .sendToPerson({ id: 'teams:aad-anna', name: 'Anna' }, aMessageView())
      .catch((e: unknown) => e);
    expect((forbidden as DeliveryError).permanent).toBe(true);
    nock(CONNECTOR_HOST)
      .post(/activities/)
      .reply(404, {});
    const gone = await h.gateway.replyInThread(cardRef, aMessageView()).catch((e: unknown) => e);
    expect((gone as DeliveryError).permanent).toBe(true);
  });

  it("retries with back-off when the connector refuses the bot's own token (401): a credential problem, not the message's", async () => {
    await userWrites();
    nock(CONNECTOR_HOST)
      .post(/activities/)
      .reply(401, { message: 'Authorization has been denied for this request.' });
    const err = await h.gateway
      .sendToPerson({ id: 'teams:aad-anna', name: 'Anna' }, aMessageView())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
    expect((err as DeliveryError).retryAfterMs).toBeUndefined();
    expect((err as DeliveryError).message).toContain('401');
  });

  it('retries without a fixed delay when the connector fails with 502', async () => {
    nock(CONNECTOR_HOST).post('/teams/v3/conversations').reply(502, 'bad gateway');
    const err = await h.gateway
      .postCaseCard({ platform: 'teams', groupId: 'arts-desk', channelId: ARTS_CHANNEL_ID }, aCaseCardView())
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeliveryError);
    expect((err as DeliveryError).permanent).toBe(false);
    expect((err as DeliveryError).retryAfterMs).toBeUndefined();
  });

  it('reaches only teams: person ids', () => {
    expect(h.gateway.canReach('teams:aad-anna')).toBe(true);
    expect(h.gateway.canReach('slack:U123')).toBe(false);
    expect(h.gateway.canReach('teams:')).toBe(false);
  });
});
