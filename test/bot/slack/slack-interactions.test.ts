import nock from 'nock';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { intakeModal } from '../../../src/bot/slack/slack-modals.js';
import { slackTexts } from '../../../src/bot/slack/slack-replies.js';
import { AppError } from '../../../src/models/errors.js';
import { renderCaseCardBlocks } from '../../../src/cards/slack/render-case-card-blocks.js';
import { presentChannelCard } from '../../../src/services/case-view.js';
import { ManualClock } from '../../../src/services/clock.js';
import { intakeMessages } from '../../../src/services/intake/intake-messages.js';
import { OutboxDispatcher } from '../../../src/services/outbox/dispatcher.js';
import { createLogger } from '../../../src/logger.js';
import type { Case } from '../../../src/models/case.js';
import { driveToKnownSolutions, driveToSummary } from '../../helpers/drive-intake.js';
import {
  formOf,
  jsonField,
  type SlackHarness,
  slackUsers,
  slackHarnessPerTest,
  usersInfoBody,
} from '../../helpers/slack-harness.js';
import { openedModal, openModal, reportShortcut } from '../../helpers/slack-modal.js';
import { postSigned } from '../../helpers/slack-signer.js';
import { blockAction, modalSubmission, slashCommand } from '../../helpers/slack-requests.js';

interface Modal {
  callback_id: string;
  private_metadata: string;
  blocks: { type: string; block_id?: string; elements?: { action_id: string; value?: string }[] }[];
}

/** `user` submits the modal `view` (shown as V0MODAL) with the inputs' state `values`. */
function viewSubmission(
  user: { id: string; name: string },
  view: Modal,
  values: Record<string, Record<string, unknown>>,
) {
  return modalSubmission(
    user,
    { id: 'V0MODAL', callbackId: view.callback_id, privateMetadata: view.private_metadata },
    values,
    'T0AU',
  );
}

/** Slack's notice that the person closed the modal (its X or close button). */
function viewClosed(user: { id: string; name: string }, view: Modal) {
  return {
    kind: 'interactive' as const,
    payload: {
      type: 'view_closed',
      team: { id: 'T0AU' },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0APP',
      view: {
        id: 'V0MODAL',
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        hash: 'h-close',
        state: { values: {} },
      },
      is_cleared: false,
    },
  };
}

function cardClick(
  user: { id: string; name: string },
  c: Case,
  card: ReturnType<typeof renderCaseCardBlocks>,
  verb: string,
) {
  const block = card.blocks.find(
    (b) => b.type === 'actions' && b.block_id?.endsWith('|buttons'),
  ) as Modal['blocks'][number];
  const button = block.elements?.find((e) => e.action_id === verb);
  if (!button) throw new Error(`no ${verb} button on the card of ${c.number}`);
  return {
    kind: 'interactive' as const,
    payload: {
      type: 'block_actions',
      team: { id: 'T0AU' },
      user: { id: user.id, name: user.name },
      api_app_id: 'A0APP',
      trigger_id: 'trigger-click',
      container: { type: 'message', channel_id: 'C0ARTSSUP', message_ts: '1700000000.000100' },
      channel: { id: 'C0ARTSSUP', name: 'arts-support' },
      message: { ts: '1700000000.000100', text: card.text },
      actions: [
        { type: 'button', action_id: button.action_id, block_id: block.block_id, value: button.value, action_ts: '1' },
      ],
    },
  };
}

/** Records one ephemeral note (`chat.postEphemeral`) and gives its fields once posted. */
function ephemeralTo(h: SlackHarness): () => Record<string, string> | undefined {
  let posted: Record<string, string> | undefined;
  h.api()
    .post('/api/chat.postEphemeral', (b) => {
      posted = formOf(b);
      return true;
    })
    .reply(200, { ok: true, message_ts: '1700000002.000300' });
  return () => posted;
}

/** Bo's case as Emma's card shows it (rendered for Slack) from before Jonas claimed it: a stale card. */
async function staleCard(h: SlackHarness) {
  const bo = await h.person(slackUsers.bo);
  const jonas = await h.person(slackUsers.jonas);
  const emma = await h.person(slackUsers.emma);
  const c = await h.services.reportWifi(bo);
  const seen = await h.services.service.act(emma, { verb: 'refresh', caseId: c.id });
  if (!seen.ok) throw new Error('refresh refused');
  const claimed = await h.services.service.act(jonas, { verb: 'claim', caseId: c.id, version: c.version });
  expect(claimed.ok).toBe(true);
  return { c, card: renderCaseCardBlocks(seen.card) };
}

describe('slack interactions', () => {
  const h = slackHarnessPerTest({}, slackUsers.bo, slackUsers.jonas, slackUsers.emma);

  async function openIntake(): Promise<Modal> {
    const { view, triggerId } = await openedModal<Modal>(h, reportShortcut({ id: slackUsers.bo.id, name: 'bo' }));
    expect(triggerId).toBe('trigger-shortcut');
    return view;
  }

  it('returns response_action errors on the description block when the description is blank', async () => {
    const modal = await openIntake();
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: '   ' } },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors)).toEqual(['description']);
  });

  it('updates the modal to the next step when the description is accepted', async () => {
    const modal = await openIntake();
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: 'Eduroam drops every few minutes in 1481' } },
      }),
    );
    const body = (await res.json()) as { response_action: string; view: Modal };
    expect(body.response_action).toBe('update');
    expect(body.view.callback_id).toBe('intake');
    expect(JSON.parse(body.view.private_metadata).submit.verb).not.toBeUndefined();
    expect(body.view.blocks.some((b) => b.block_id === 'description')).toBe(false);
  });

  it('keeps a report with answers when its modal is closed, and opens it again at the same step', async () => {
    const modal = await openIntake();
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: 'Eduroam drops every few minutes in 1481' } },
      }),
    );
    const { view } = (await res.json()) as { view: Modal };
    const step = JSON.parse(view.private_metadata).submit;
    expect((await h.send(viewClosed(slackUsers.bo, view))).status).toBe(200);
    expect(await h.services.store.getConversation('slack:modal:U0BO')).not.toBeNull();

    const again = await openIntake();
    expect(JSON.parse(again.private_metadata).submit).toEqual(step);
    expect(JSON.stringify(again.blocks)).toContain(intakeMessages.da.resumedNote.slice(0, 30));
  });

  it('cancels the report when its modal is closed before anything was answered', async () => {
    const modal = await openIntake();
    await h.send(viewClosed(slackUsers.bo, modal));
    expect(await h.services.store.getConversation('slack:modal:U0BO')).toBeNull();
  });

  it('keeps the description written after "/incident new" when the modal is closed before anything else, and opens it again there', async () => {
    const text = 'Eduroam drops every few minutes in building 1481, all day since Monday';
    const modal = await openModal<Modal>(
      h,
      slashCommand(slackUsers.bo, `new ${text}`, { responseUrl: 'https://hooks.slack.test/commands/new' }),
    );
    const step = JSON.parse(modal.private_metadata).submit;
    expect(step).toMatchObject({ step: 'category' });
    await h.send(viewClosed(slackUsers.bo, modal));
    expect((await h.services.store.getConversation('slack:modal:U0BO'))?.state['text']).toBe(text);

    const again = await openIntake();
    expect(JSON.parse(again.private_metadata).submit).toEqual(step);
    expect(JSON.stringify(again.blocks)).toContain(intakeMessages.da.resumedNote.slice(0, 30));
  });

  it('keeps the answers restored from an expired draft when that modal is closed again', async () => {
    const modal = await openIntake();
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: 'Eduroam drops every few minutes in 1481' } },
      }),
    );
    const { view } = (await res.json()) as { view: Modal };
    await h.send(viewClosed(slackUsers.bo, view));
    (h.services.clock as ManualClock).advance(25 * 3_600_000);
    const restored = await openIntake();
    expect(JSON.stringify(restored.blocks)).toContain(intakeMessages.da.expiredTitle);
    await h.send(viewClosed(slackUsers.bo, restored));
    const kept = await h.services.store.getConversation('slack:modal:U0BO');
    expect(kept?.state['text']).toBe('Eduroam drops every few minutes in 1481');
  });

  it('lists what an expired draft held under its note when the report modal opens again', async () => {
    const modal = await openIntake();
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: 'Eduroam drops every few minutes in 1481' } },
      }),
    );
    const { view } = (await res.json()) as { view: Modal };
    await h.send(viewClosed(slackUsers.bo, view));
    (h.services.clock as ManualClock).advance(25 * 3_600_000);
    const blocks = (await openIntake()).blocks as { text?: { text: string }; fields?: { text: string }[] }[];
    const noteAt = blocks.findIndex((b) => b.text?.text.includes(intakeMessages.da.expiredTitle));
    expect(noteAt).toBeGreaterThanOrEqual(0);
    // Right under the note ("here is what you had answered:"), the answers, as fields.
    expect(blocks[noteAt + 1]?.fields?.map((f) => f.text)).toEqual([
      `*${intakeMessages.da.describeLabel}*\nEduroam drops every few minutes in 1481`,
    ]);
  });

  it('labels the report modal\'s own close button "Luk" (closing keeps the report), the red in-form Cancel still discards, and an order modal\'s close stays "Annullér"', async () => {
    const modal = (await openIntake()) as Modal & { close?: { text: string } };
    expect(modal.close?.text).toBe('Luk');
    const cancel = modal.blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id.includes('intake_cancel'));
    expect(cancel).toMatchObject({ text: { text: 'Annuller' }, style: 'danger' });

    const order = await openModal<Modal & { close?: { text: string } }>(
      h,
      slashCommand(slackUsers.bo, 'order', { responseUrl: 'https://hooks.slack.test/commands/order' }),
      'V0ORDER',
    );
    expect(JSON.parse(order.private_metadata).submit.verb).toMatch(/^order_/);
    expect(order.close?.text).toBe('Annullér');
  });

  it('takes pictures and files on the summary of the report form and registers them with the case', async () => {
    const bo = await h.person(slackUsers.bo);
    const base = {
      conversationKey: 'slack:modal:U0BO',
      person: bo,
      platform: 'slack' as const,
      surface: 'form' as const,
    };
    const summary = await driveToSummary(h.intake, base, 'Eduroam drops every few minutes in 1481');
    const input = intakeModal(summary.views, 'da').blocks.find((b) => b.block_id === 'attachments');
    expect(input).toMatchObject({ type: 'input', optional: true, element: { type: 'file_input', max_files: 10 } });
    // No other step offers it.
    expect(
      JSON.stringify(intakeModal((await h.intake.handle({ ...base, action: { verb: 'intake_back' } })).views, 'da')),
    ).not.toContain('file_input');
    const back = await driveToSummary(h.intake, base, 'Eduroam drops every few minutes in 1481');
    const again = intakeModal(back.views, 'da') as unknown as Modal;

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 4]);
    nock('https://files.slack.com').get('/files-pri/T0AU-F0SHOT/download/shot.png').reply(200, png);
    const file = (id: string, name: string, extra: Record<string, unknown> = {}) => ({
      id,
      name,
      mimetype: 'image/png',
      url_private_download: `https://files.slack.com/files-pri/T0AU-${id}/download/${name}`,
      ...extra,
    });
    h.api().post('/api/chat.postMessage').reply(200, { ok: true, ts: '1.1' }).persist();
    h.api()
      .post('/api/conversations.open')
      .reply(200, { ok: true, channel: { id: 'D0BO' } })
      .persist();
    const res = await h.send(
      viewSubmission(slackUsers.bo, again, {
        attachments: {
          attachments: {
            type: 'file_input',
            files: [
              file('F0SHOT', 'shot.png', { size: png.length }),
              file('F0BIG', 'film.mov', { size: 200 * 1024 * 1024 }),
            ],
          },
        },
      }),
    );
    const body = (await res.json()) as { response_action: string; view: Modal };
    expect(body.response_action).toBe('update');
    const shown = JSON.stringify(body.view.blocks);
    expect(shown).toContain('film.mov');
    expect(shown).toContain('shot.png');
    const [c] = await h.services.store.findCases({ personId: bo.id });
    expect(c?.attachments).toMatchObject([{ name: 'shot.png', contentType: 'image/png', size: png.length }]);
    expect((await h.services.store.getFile(c!.attachments![0]!.id))?.caseId).toBe(c!.id);
  });

  it('replaces the "working on it" modal with what went wrong when the late intake step fails', async () => {
    const modal = await openIntake();
    // The step outlasts the 2 s acknowledgement deadline (the modal shows "working"), then the store fails under it.
    const slowFailure = vi.spyOn(h.intake, 'handle').mockImplementation(async () => {
      await new Promise((r) => setTimeout(r, 2200));
      throw new AppError('STORE.UNAVAILABLE', 'store down (test)');
    });
    let updated: Record<string, string> | undefined;
    h.api()
      .post('/api/views.update', (b) => {
        updated = formOf(b);
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL' } });
    const res = await h.send(
      viewSubmission(slackUsers.bo, modal, {
        description: { description: { type: 'plain_text_input', value: 'Eduroam drops every few minutes in 1481' } },
      }),
    );
    const ack = (await res.json()) as { response_action: string; view: Modal };
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain(slackTexts.workingText.da);
    expect(slowFailure).toHaveBeenCalled();
    expect(updated?.['view_id']).toBe('V0MODAL');
    expect(updated?.['view']).toContain(slackTexts.storeDown.da.slice(0, 30));
  });

  /** Answers the next `chat.postEphemeral` and gives its form fields once it came. */
  const expectEphemeral = () => ephemeralTo(h);

  it('claims the case through the service when staff click Claim, and leaves the card update to the outbox', async () => {
    const bo = await h.person(slackUsers.bo);
    const jonas = await h.person(slackUsers.jonas);
    const c = await h.services.reportWifi(bo);
    const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const res = await h.send(cardClick(slackUsers.jonas, c, renderCaseCardBlocks(seen.card), 'claim'));
    expect(res.status).toBe(200);
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.assignee?.id).toBe('slack:U0JONAS');
    const sent = await h.services.outbox.take();
    expect(sent.some((m) => m.kind === 'update_cards' && m.caseId === c.id)).toBe(true);
  });

  it('answers Similar cases ephemerally with the earlier cases and their solutions, changing nothing', async () => {
    const bo = await h.person(slackUsers.bo);
    const jonas = await h.person(slackUsers.jonas);
    const earlier = await h.services.reportWifi(bo, {
      title: 'Eduroam drops every few minutes',
      description: 'Eduroam drops in building 1481.',
    });
    const claimed = await h.services.service.act(jonas, {
      verb: 'claim',
      caseId: earlier.id,
      version: earlier.version,
    });
    if (!claimed.ok) throw new Error('claim refused');
    const solved = await h.services.service.act(jonas, {
      verb: 'resolve',
      caseId: earlier.id,
      version: claimed.case.version,
      solution: 'Replaced the access point',
    });
    if (!solved.ok) throw new Error(solved.reply.text);
    const c = await h.services.reportWifi(bo, { title: 'Eduroam keeps dropping', description: 'Eduroam in 1481.' });
    const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const ephemeral = expectEphemeral();
    const res = await h.send(cardClick(slackUsers.jonas, c, renderCaseCardBlocks(seen.card), 'similar'));
    expect(res.status).toBe(200);
    expect(ephemeral()?.['channel']).toBe('C0ARTSSUP');
    expect(ephemeral()?.['user']).toBe('U0JONAS');
    expect(ephemeral()?.['blocks']).toContain(`Cases like ${c.number}`);
    expect(ephemeral()?.['blocks']).toContain(earlier.number);
    expect(ephemeral()?.['blocks']).toContain('Replaced the access point');
    expect((await h.services.store.getCase(c.id))?.version).toBe(c.version);
  });

  it('answers the clicker ephemerally with the fresh card when the card was stale', async () => {
    const { c, card } = await staleCard(h);
    const ephemeral = expectEphemeral();
    await h.send(cardClick(slackUsers.emma, c, card, 'claim'));
    expect(ephemeral()?.['channel']).toBe('C0ARTSSUP');
    expect(ephemeral()?.['user']).toBe('U0EMMA');
    expect(ephemeral()?.['text']).toContain(c.number);
    expect((await h.services.store.getCase(c.id))?.assignee?.id).toBe('slack:U0JONAS');
  });

  it('opens the note modal and adds the note when the form is submitted', async () => {
    const bo = await h.person(slackUsers.bo);
    const jonas = await h.person(slackUsers.jonas);
    const c = await h.services.reportWifi(bo);
    const seen = await h.services.service.act(jonas, { verb: 'refresh', caseId: c.id });
    if (!seen.ok) throw new Error('refresh refused');
    const modal = await openModal<Modal>(
      h,
      cardClick(slackUsers.jonas, c, renderCaseCardBlocks(seen.card), 'open_form#2'),
      'V0NOTE',
    );
    expect(modal.callback_id).toBe('case_form');
    const textBlock = modal.blocks.find((b) => b.type === 'input' && b.block_id?.endsWith('text'));
    expect(textBlock).toBeDefined();
    const blank = await h.send(
      viewSubmission(slackUsers.jonas, modal, {
        [textBlock!.block_id!]: { [textBlock!.block_id!]: { type: 'plain_text_input', value: null } },
      }),
    );
    const errors = (await blank.json()) as { response_action: string; errors: Record<string, string> };
    expect(errors.response_action).toBe('errors');
    expect(Object.keys(errors.errors)).toEqual([textBlock!.block_id]);
    const ok = await h.send(
      viewSubmission(slackUsers.jonas, modal, {
        [textBlock!.block_id!]: {
          [textBlock!.block_id!]: { type: 'plain_text_input', value: 'Asked <!channel> about the AP' },
        },
      }),
    );
    expect(ok.status).toBe(200);
    const stored = await h.services.store.getCase(c.id);
    expect(stored?.notes[0]?.text).toBe('Asked <!channel> about the AP');
  });

  /** The modal of the summary step of Bo's report (the draft driven there on the modal's conversation key). */
  async function summaryModal(): Promise<Modal> {
    const bo = await h.person(slackUsers.bo);
    const summary = await driveToSummary(
      h.intake,
      { conversationKey: 'slack:modal:U0BO', person: bo, platform: 'slack', surface: 'form' },
      'Eduroam drops every few minutes in 1481',
    );
    return intakeModal(summary.views, 'da') as unknown as Modal;
  }

  const stepOf = async (key: string) =>
    ((await h.services.store.getConversation(key))?.state as { step?: string })?.step;

  /** Records Bo's DMs (chat.postMessage, any number). */
  function recordDms(): string[] {
    const dms: string[] = [];
    h.api()
      .post('/api/chat.postMessage', (b) => {
        dms.push(formOf(b)['text'] ?? '');
        return true;
      })
      .reply(200, { ok: true, ts: '1.1' })
      .persist();
    return dms;
  }

  /** Bo's click on the modal's Back button, as Slack sends it for the modal `modal` shown with `hash`. */
  function backClick(modal: Modal, hash: string, triggerId = 't2') {
    const back = modal.blocks
      .find((b) => b.block_id === 'intake_actions')
      ?.elements?.find((e) => e.action_id.startsWith('intake_back'));
    if (!back?.value) throw new Error('no Back button on the summary');
    return blockAction({ id: slackUsers.bo.id, name: 'bo' }, triggerId, {
      container: { type: 'view', view_id: 'V0MODAL' },
      view: {
        id: 'V0MODAL',
        type: 'modal',
        callback_id: 'intake',
        hash,
        private_metadata: modal.private_metadata,
        state: { values: {} },
      },
      actions: [{ type: 'button', action_id: 'intake_back', block_id: 'intake_actions', value: back.value }],
    });
  }

  it('moves the draft once and reports nothing when a button in the modal is double-clicked', async () => {
    const modal = await summaryModal();
    // What one Back gives, on a draft of its own.
    const bo = await h.person(slackUsers.bo);
    const other = {
      conversationKey: 'slack:modal:U0OTHER',
      person: bo,
      platform: 'slack' as const,
      surface: 'form' as const,
    };
    await driveToSummary(h.intake, other, 'Eduroam drops every few minutes in 1481');
    await h.intake.handle({ ...other, action: { verb: 'intake_back' } });
    const oneBack = await stepOf(other.conversationKey);
    expect(oneBack).not.toBe(await stepOf('slack:modal:U0BO'));

    const updates: string[] = [];
    h.api()
      .post('/api/views.update', (b) => {
        updates.push(formOf(b)['hash'] ?? '');
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL', hash: 'h3' } })
      .persist();
    const dms = recordDms();
    const clickBack = () => h.send(backClick(modal, 'h2'));

    await Promise.all([clickBack(), clickBack()]);

    expect(await stepOf('slack:modal:U0BO')).toBe(oneBack);
    expect(updates).toEqual(['h2']);
    expect(dms).toEqual([]);
  });

  it('shows the step on a repeated click, without moving the draft again, when Slack failed to update the modal', async () => {
    const modal = await summaryModal();
    // What one Back gives, on a draft of its own.
    const bo = await h.person(slackUsers.bo);
    const other = {
      conversationKey: 'slack:modal:U0OTHER',
      person: bo,
      platform: 'slack' as const,
      surface: 'form' as const,
    };
    await driveToSummary(h.intake, other, 'Eduroam drops every few minutes in 1481');
    // With Bo's draft id, so that its buttons are those Bo's modal shows.
    const { store } = h.services;
    const draftId = (await store.getConversation('slack:modal:U0BO'))?.state['draftId'];
    const others = (await store.getConversation(other.conversationKey))!;
    await store.saveConversation({ ...others, state: { ...others.state, draftId } });
    const oneBackReply = await h.intake.handle({ ...other, action: { verb: 'intake_back' } });
    const oneBack = await stepOf(other.conversationKey);
    // Slack fails the first update (a passing error), then works.
    h.api().post('/api/views.update').reply(200, { ok: false, error: 'internal_error' });
    const updates: Record<string, string>[] = [];
    h.api()
      .post('/api/views.update', (b) => {
        updates.push(formOf(b));
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL', hash: 'h3' } })
      .persist();
    const dms = recordDms();
    const clickBack = () => h.send(backClick(modal, 'h2'));

    await clickBack();
    // Bo is told to try again, and does so on the unchanged modal (the same hash).
    expect(dms).toEqual([slackTexts.failed.da]);
    await clickBack();

    expect(updates).toHaveLength(1);
    expect(updates[0]?.['hash']).toBe('h2');
    expect(jsonField(updates[0], 'view')).toEqual(intakeModal(oneBackReply.views, 'da'));
    // The draft moved once, to where the shown step is.
    expect(await stepOf('slack:modal:U0BO')).toBe(oneBack);
    expect(dms).toHaveLength(1);
  });

  it('tells nothing and drops a repeat once the step is shown after a failed update', async () => {
    const modal = await summaryModal();
    h.api().post('/api/views.update').reply(200, { ok: false, error: 'internal_error' });
    let updates = 0;
    h.api()
      .post('/api/views.update', () => {
        updates++;
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL', hash: 'h3' } })
      .persist();
    recordDms();
    const click = backClick(modal, 'h2');
    await h.send(click);
    await h.send(click);
    const step = await stepOf('slack:modal:U0BO');
    // A late copy of the same click, once the step is shown: a double click, dropped.
    await h.send(click);

    expect(updates).toBe(1);
    expect(await stepOf('slack:modal:U0BO')).toBe(step);
  });

  it.each([
    [
      'says nothing (no "try again") when the modal of a click was closed before its step could be shown',
      'not_found',
      'h-closed',
    ],
    [
      'takes a refused modal update for a changed modal (hash_conflict) as harmless, not as a failure',
      'hash_conflict',
      'h-old',
    ],
  ])('%s', async (_title, error, hash) => {
    const modal = await summaryModal();
    h.api().post('/api/views.update').reply(200, { ok: false, error });
    const dms = recordDms();

    const res = await h.send(backClick(modal, hash, 't3'));

    expect(res.status).toBe(200);
    expect(dms).toEqual([]);
  });

  it("acknowledges an intake step within 3 s of its arrival when the person's look-up is slow", async () => {
    // Anna started a report (the first step of the modal) …
    const anna = { id: `slack:${slackUsers.anna.id}`, name: slackUsers.anna.name, locale: 'en' as const };
    const first = await h.intake.handle({
      conversationKey: `slack:modal:${slackUsers.anna.id}`,
      surface: 'form',
      person: anna,
      platform: 'slack',
      action: { verb: 'intake_start' },
    });
    const modal = intakeModal(first.views, 'en') as unknown as Modal;
    // … and is looked up for the first time in this process, where Slack takes 3.3 s to describe her.
    h.api()
      .post('/api/users.info', (b) => formOf(b)['user'] === slackUsers.anna.id)
      .delay(3300)
      .reply(200, usersInfoBody(slackUsers.anna))
      .persist();
    let updated: Record<string, string> | undefined;
    h.api()
      .post('/api/views.update', (b) => {
        updated = formOf(b);
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL' } });
    const started = Date.now();

    const res = await postSigned(
      h.url,
      viewSubmission({ id: slackUsers.anna.id, name: 'anna' }, modal, {
        description: { description: { type: 'plain_text_input', value: 'Printer on 3rd floor is broken' } },
      }),
    );
    const acked = Date.now() - started;
    const ack = (await res.json()) as { response_action: string; view: Modal };
    await h.transport.settled();

    expect(res.status).toBe(200);
    expect(acked).toBeLessThan(2800);
    expect(ack.response_action).toBe('update');
    expect(JSON.stringify(ack.view)).toContain(slackTexts.workingText.en);
    // The next step follows once Anna is known.
    expect(updated?.['view_id']).toBe('V0MODAL');
    const next = jsonField<Modal>(updated, 'view');
    expect(next.callback_id).toBe('intake');
    expect(next.blocks.some((b) => b.block_id === 'description')).toBe(false);
  });

  it('posts nothing more to the DM (the outbox brings the one receipt), never "try again", when the "one moment" modal was closed before the case was registered', async () => {
    const modal = await summaryModal();
    expect(JSON.parse(modal.private_metadata).submit.verb).toBe('intake_confirm');
    const handle = h.intake.handle.bind(h.intake);
    vi.spyOn(h.intake, 'handle').mockImplementation(async (...args) => {
      await new Promise((r) => setTimeout(r, 2200));
      return handle(...args);
    });
    // Bo closed the "one moment" modal meanwhile.
    h.api().post('/api/views.update').reply(200, { ok: false, error: 'not_found' });
    const dms = recordDms();

    const res = await h.send(viewSubmission(slackUsers.bo, modal, {}));

    expect(res.status).toBe(200);
    const cases = await h.services.store.findCases({ personId: 'slack:U0BO' });
    expect(cases).toHaveLength(1);
    // One confirmation in the end: the receipt the registration queued, and no registered view posted besides.
    const queued = await h.services.store.claimOutbox('2999-01-01T00:00:00.000Z', 'test', 1000, 100);
    expect(queued.filter((m) => m.key.includes(':receipt:') && m.caseId === cases[0]!.id)).toHaveLength(1);
    expect(dms).toEqual([]);
  });

  /**
   * Delivers what the outbox holds through the Slack gateway, as the app does (every group's card into channel
   * C0CARDS), and gives the messages that reached Slack: DMs (to the channel conversations.open gave) and posts.
   */
  async function deliverOutbox(): Promise<{ channel: string; text: string }[]> {
    const posted: { channel: string; text: string }[] = [];
    h.api()
      .post('/api/conversations.open')
      .reply(200, (_uri, b) => ({ ok: true, channel: { id: `D-${formOf(b)['users']}` } }))
      .persist();
    h.api()
      .post('/api/chat.postMessage', (b) => {
        const f = formOf(b);
        posted.push({ channel: f['channel'] ?? '', text: `${f['text'] ?? ''}\n${f['blocks'] ?? ''}` });
        return true;
      })
      .reply(200, { ok: true, channel: 'C0CARDS', ts: '1700000009.000100' })
      .persist();
    const viewDeps = { catalogue: h.services.catalogue, timeZone: 'Europe/Copenhagen', locale: 'en' as const };
    const dispatcher = new OutboxDispatcher({
      store: h.services.store,
      gateways: [h.gateway],
      // The store stamps the outbox with the wall clock: deliver a minute ahead of it.
      clock: new ManualClock(new Date(Date.now() + 60_000)),
      logger: createLogger('silent'),
      renderCard: (c, _platform, groupId) => presentChannelCard(c, viewDeps, groupId),
      renderMovedCard: (c, _ref) => presentChannelCard(c, viewDeps),
      channelTargets: async (groupId) => [{ platform: 'slack', groupId, channelId: 'C0CARDS' }],
      alert: () => [],
      random: () => 0.5,
    });
    for (let i = 0; i < 5; i++) if ((await dispatcher.runOnce()).sent === 0) break;
    return posted;
  }

  it('confirms "This solved it" in the report form to the person in their DM with the case number, and posts no channel card', async () => {
    h.knowUsers(slackUsers.anna);
    const anna = await h.person(slackUsers.anna);
    const base = { conversationKey: 'slack:modal:U0ANNA', person: anna, platform: 'slack' as const };
    // Anna's printer report in the form, answered up to the known solutions.
    const reply = await driveToKnownSolutions(
      h.intake,
      base,
      'The printer on floor 2 does not print',
      'Building 1482, room 210',
      { surface: 'form' },
    );
    const modal = intakeModal(reply.views, 'en') as unknown as Modal;
    const solved = modal.blocks
      .find((b) => b.block_id === 'intake_actions')
      ?.elements?.find((e) => e.action_id.startsWith('intake_solved'));
    if (!solved?.value) throw new Error('no "This solved it" button in the form');
    const updates: Record<string, string>[] = [];
    h.api()
      .post('/api/views.update', (b) => {
        updates.push(formOf(b));
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0MODAL', hash: 'h9' } });

    const res = await h.send({
      kind: 'interactive',
      payload: {
        type: 'block_actions',
        team: { id: 'T0AU' },
        user: { id: slackUsers.anna.id, name: 'anna' },
        api_app_id: 'A0APP',
        trigger_id: 't-solved',
        container: { type: 'view', view_id: 'V0MODAL' },
        view: {
          id: 'V0MODAL',
          type: 'modal',
          callback_id: 'intake',
          hash: 'h8',
          private_metadata: modal.private_metadata,
          state: { values: {} },
        },
        actions: [{ type: 'button', action_id: solved.action_id, block_id: 'intake_actions', value: solved.value }],
      },
    });
    expect(res.status).toBe(200);
    const [c] = await h.services.store.findCases({ personId: anna.id });
    expect(c).toMatchObject({ status: 'resolved', quick: true });
    const m = intakeMessages.en;
    // The form's last view says it (until Anna closes it) …
    expect(updates).toHaveLength(1);
    expect(updates[0]?.['view']).toContain(m.deflectedText({ number: c!.number }));
    // … and once it is closed, her DM with the bot keeps the same short confirmation with the number; no card.
    const posted = await deliverOutbox();
    expect(posted).toEqual([{ channel: 'D-U0ANNA', text: expect.stringContaining(c!.number) }]);
    expect(posted[0]?.text).toContain(m.deflectedTitle);
    expect(posted[0]?.text).toContain(m.deflectedText({ number: c!.number }));
    expect((await h.services.store.getCase(c!.id))?.cards).toEqual([]);
  });

  it('tells the DM what went wrong when the late step failed and its "one moment" modal was closed', async () => {
    const modal = await summaryModal();
    vi.spyOn(h.intake, 'handle').mockImplementation(async () => {
      await new Promise((r) => setTimeout(r, 2200));
      throw new AppError('STORE.UNAVAILABLE', 'store down (test)');
    });
    h.api().post('/api/views.update').reply(200, { ok: false, error: 'not_found' });
    const dms = recordDms();

    await h.send(viewSubmission(slackUsers.bo, modal, {}));

    expect(dms).toEqual([slackTexts.storeDown.da]);
  });
});

describe('slack interactions past the trigger deadline', () => {
  // Every form click misses the deadline: the "one moment" modal opens first.
  const h = slackHarnessPerTest({ ackDeadlineMs: 0 }, slackUsers.bo, slackUsers.jonas, slackUsers.emma);
  afterEach(async () => {
    vi.restoreAllMocks();
  });

  /** A stale card (`staleCard`); the case's read for a click on it waits until `release` is called. */
  async function staleCardHeld() {
    const stale = await staleCard(h);
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const act = h.services.service.act.bind(h.services.service);
    vi.spyOn(h.services.service, 'act').mockImplementation(async (...args) => {
      await held;
      return act(...args);
    });
    return { ...stale, release };
  }

  it('tells the clicker of a stale card in the channel when they closed its "one moment" modal before the refusal came', async () => {
    // The case's read waits until the "one moment" modal is open.
    const { c, card, release } = await staleCardHeld();
    let working: Record<string, string> | undefined;
    h.api()
      .post('/api/views.open', (b) => {
        working = formOf(b);
        release();
        return true;
      })
      .reply(200, { ok: true, view: { id: 'V0WAIT' } });
    // Emma closed it meanwhile.
    h.api().post('/api/views.update').reply(200, { ok: false, error: 'not_found' });
    const ephemeral = ephemeralTo(h);

    await h.send(cardClick(slackUsers.emma, c, card, 'open_form#2'));

    expect(JSON.stringify(jsonField(working, 'view'))).toContain(slackTexts.workingText.en);
    expect(ephemeral()?.['channel']).toBe('C0ARTSSUP');
    expect(ephemeral()?.['user']).toBe('U0EMMA');
    expect(ephemeral()?.['text']).toContain(c.number);
    expect((await h.services.store.getCase(c.id))?.notes).toEqual([]);
  });

  it('tells the clicker of a stale card in the channel when even the "one moment" modal could not open (trigger expired)', async () => {
    // The case's read waits until the "one moment" modal was asked for, which Slack refuses: the trigger id ran out.
    const { c, card, release } = await staleCardHeld();
    h.api()
      .post('/api/views.open', () => {
        release();
        return true;
      })
      .reply(200, { ok: false, error: 'expired_trigger_id' });
    const ephemeral = ephemeralTo(h);

    await h.send(cardClick(slackUsers.emma, c, card, 'open_form#2'));

    expect(ephemeral()?.['channel']).toBe('C0ARTSSUP');
    expect(ephemeral()?.['user']).toBe('U0EMMA');
    expect(ephemeral()?.['text']).toContain(c.number);
    expect((await h.services.store.getCase(c.id))?.notes).toEqual([]);
  });
});
