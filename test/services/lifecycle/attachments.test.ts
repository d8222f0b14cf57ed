import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ATTACHMENTS_PER_CASE, type AttachmentRef, type Person, toRef } from '../../../src/models/case.js';
import { people } from '../../helpers/people.js';
import {
  buildServices,
  caseAwaitingAnna,
  okCase,
  type Services,
  threadTexts,
  toPerson,
  wifiInput,
} from '../../helpers/services.js';

/** Stores a file as `keepFiles` does (unlinked) and returns its description. */
async function sent(s: Services, by: Person, name: string, bytes = Buffer.from(name)): Promise<AttachmentRef> {
  const ref: AttachmentRef = {
    id: randomBytes(32).toString('base64url'),
    name,
    contentType: 'image/png',
    size: bytes.length,
    at: s.clock.now().toISOString(),
    by: toRef(by),
  };
  await s.store.saveFile({ ...ref, data: bytes });
  return ref;
}

describe('attachments on cases', () => {
  let s: Services;
  beforeEach(async () => {
    s = await buildServices();
  });
  afterEach(async () => {
    await s.close();
  });

  it('registers a report with the files sent while reporting, linked to the new case', async () => {
    const shot = await sent(s, people.anna, 'error.png');
    const c = await s.register(wifiInput(people.anna, { attachments: [shot], idempotencyKey: 'draft-1' }), people.anna);
    expect(c.attachments).toEqual([shot]);
    expect((await s.store.getFile(shot.id))?.caseId).toBe(c.id);
    // A registration retried with the same draft finds the same case, the file still linked to it.
    const again = await s.register(
      wifiInput(people.anna, { attachments: [shot], idempotencyKey: 'draft-1' }),
      people.anna,
    );
    expect(again.id).toBe(c.id);
    // Without an idempotency key the id is fixed beforehand all the same.
    const other = await sent(s, people.anna, 'other.png');
    const d = await s.register(wifiInput(people.anna, { attachments: [other] }), people.anna);
    expect((await s.store.getFile(other.id))?.caseId).toBe(d.id);
  });

  it('adds files sent with "add" to the case, names them in the note, the thread and to the assignee', async () => {
    let c = await s.reportWifi();
    c = okCase(await s.service.act(people.jonas, { verb: 'claim', caseId: c.id, version: c.version }));
    await s.outbox.take();
    const shot = await sent(s, people.anna, 'room-235.jpg');
    const reply = await s.service.userComment(people.anna, c.number, 'The sign on the door', [shot]);
    expect(reply.text).toContain(`It is added to case ${c.number}`);
    expect(reply.text).toContain(`📎 Added to ${c.number}: room-235.jpg.`);
    c = (await s.store.getCase(c.id))!;
    expect(c.attachments?.map((a) => a.id)).toEqual([shot.id]);
    expect(c.notes[0]?.text).toBe('The sign on the door\n📎 room-235.jpg');
    expect((await s.store.getFile(shot.id))?.caseId).toBe(c.id);
    const out = await s.outbox.take();
    expect(threadTexts(out)[0]).toContain('📎 room-235.jpg');
    expect(toPerson(out, people.jonas.id)[0]?.text).toContain('📎 room-235.jpg');
  });

  it('takes a picture alone as the answer to a waiting question', async () => {
    let c = await caseAwaitingAnna(s, 'Can you send a screenshot of the error?');
    const shot = await sent(s, people.anna, 'screenshot.png');
    const reply = await s.service.userReply(people.anna, '', undefined, [shot]);
    expect(reply?.text).toContain(`Your answer is added to case ${c.number}`);
    c = (await s.store.getCase(c.id))!;
    expect(c.status).toBe('in_progress');
    expect(c.notes[0]?.text).toBe('📎 screenshot.png');
    expect(c.attachments).toHaveLength(1);
  });

  it(`keeps at most ${ATTACHMENTS_PER_CASE} files on a case and says which were not kept`, async () => {
    const first = await Promise.all(
      Array.from({ length: ATTACHMENTS_PER_CASE - 1 }, (_, i) => sent(s, people.anna, `f${i}.png`)),
    );
    const c = await s.register(wifiInput(people.anna, { attachments: first }), people.anna);
    await s.outbox.take();
    const more = [await sent(s, people.anna, 'last.png'), await sent(s, people.anna, 'one-too-many.png')];
    const reply = await s.service.userComment(people.anna, c.number, 'Two more', more);
    expect(reply.text).toContain(`A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: one-too-many.png.`);
    const after = (await s.store.getCase(c.id))!;
    expect(after.attachments).toHaveLength(ATTACHMENTS_PER_CASE);
    expect(after.attachments?.at(-1)?.name).toBe('last.png');
    expect((await s.store.getFile(more[1]!.id))?.caseId).toBeUndefined();
  });

  it('refuses an "add" of files alone on a full case and writes no note', async () => {
    const full = await Promise.all(
      Array.from({ length: ATTACHMENTS_PER_CASE }, (_, i) => sent(s, people.anna, `f${i}.png`)),
    );
    const c = await s.register(wifiInput(people.anna, { attachments: full }), people.anna);
    await s.outbox.take();
    const extra = await sent(s, people.anna, 'extra.png');
    const reply = await s.service.userComment(people.anna, c.number, '  ', [extra]);
    expect(reply.text).toBe(`A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: extra.png.`);
    const after = (await s.store.getCase(c.id))!;
    expect(after.notes).toEqual([]);
    expect(after.version).toBe(c.version);
    expect(await s.outbox.take()).toEqual([]);
    expect((await s.store.getFile(extra.id))?.caseId).toBeUndefined();
  });

  it('leaves a case awaiting its user when the answer is only a file the full case cannot take', async () => {
    const asked = await caseAwaitingAnna(s, 'Can you send a screenshot?');
    const full = await Promise.all(
      Array.from({ length: ATTACHMENTS_PER_CASE }, (_, i) => sent(s, people.anna, `f${i}.png`)),
    );
    await s.store.updateCase({ ...asked, attachments: full }, asked.version, []);
    await s.outbox.take();
    const shot = await sent(s, people.anna, 'screenshot.png');
    const reply = await s.service.userReply(people.anna, '', undefined, [shot]);
    expect(reply?.text).toBe(`A case holds ${ATTACHMENTS_PER_CASE} attachments; not kept: screenshot.png.`);
    const after = (await s.store.getCase(asked.id))!;
    expect(after.status).toBe('awaiting_user');
    expect(after.notes.filter((n) => n.fromUser)).toEqual([]);
    expect(await s.outbox.take()).toEqual([]);
  });

  it("does not put files on someone else's case", async () => {
    const c = await s.reportWifi();
    const shot = await sent(s, people.carl, 'mine.png');
    const reply = await s.service.userComment(people.carl, c.number, 'Me too', [shot]);
    expect(reply.text).toContain(`I cannot find case ${c.number}`);
    expect((await s.store.getCase(c.id))!.attachments).toBeUndefined();
    expect((await s.store.getFile(shot.id))?.caseId).toBeUndefined();
  });
});
