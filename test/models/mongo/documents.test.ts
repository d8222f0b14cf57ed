import mongoose from 'mongoose';
import { describe, expect, it } from 'vitest';
import type { Case } from '../../../src/models/case.js';
import {
  articleFromDocument,
  articleToDocument,
  caseFromDocument,
  caseToDocument,
  caseUpdate,
  conversationFromDocument,
  conversationToDocument,
  fileFromDocument,
  fileToDocument,
  outboxDocumentFromDraft,
  outboxFromDocument,
} from '../../../src/models/mongo/documents.js';
import { articlePrefixes, prefixTokens } from '../../../src/models/article-search.js';
import { registerModels, SUPERSEDED_INDEXES } from '../../../src/models/mongo/schemas.js';
import { buildCase as storedCase, buildPerson } from '../../helpers/case-builder.js';

const NOW = '2025-03-03T10:00:00.000Z';

const buildCase = (overrides: Partial<Case> = {}): Case => storedCase({ version: 3, ...overrides });

describe('caseToDocument and caseFromDocument', () => {
  it('stores the id as _id and gives back the same case when mapped there and back', () => {
    const c = buildCase({ reporter: buildPerson('bo'), answers: { os: 'macOS', vpn: true, room: null } });
    const doc = caseToDocument(c);
    expect(doc._id).toBe('case-1');
    expect('id' in doc).toBe(false);
    expect(caseFromDocument({ ...doc })).toEqual(c);
  });

  it('drops _id, __v, the timer lease and null fields when a stored document is read', () => {
    const doc = {
      ...caseToDocument(buildCase()),
      __v: 0,
      timerLeaseOwner: 'sweeper-a',
      timerLeaseUntil: NOW,
      assignee: null,
    };
    const c = caseFromDocument(doc);
    expect(c.id).toBe('case-1');
    for (const key of ['_id', '__v', 'timerLeaseOwner', 'timerLeaseUntil', 'assignee'])
      expect(c).not.toHaveProperty(key);
  });

  it("indexes the user's and reporter's e-mails in lower case, and never hands them back as part of the case", () => {
    const c = buildCase({
      user: buildPerson('anna', { email: ' Anna@AU.dk ' }),
      reporter: buildPerson('bo', { email: 'anna@au.dk' }),
    });
    const doc = caseToDocument(c);
    expect(doc.personEmails).toEqual(['anna@au.dk']);
    expect(caseFromDocument({ ...doc })).toEqual(c);
    expect(caseToDocument(buildCase({ user: buildPerson('eva', { email: '' }) })).personEmails).toEqual([]);
    const { $set } = caseUpdate({ ...c, reporter: buildPerson('jonas') }, 4, NOW);
    expect($set['personEmails']).toEqual(['anna@au.dk', 'jonas@au.dk']);
  });

  it("indexes the assignee's and case owner's e-mails in lower case, and unsets them when they go", () => {
    const c = buildCase({
      assignee: { id: 'email:øster@au.dk', name: 'Øster', email: ' ØSTER@au.dk ' },
      caseOwner: { id: 'teams:karen', name: 'Karen', email: 'Karen@AU.dk' },
    });
    const doc = caseToDocument(c);
    expect(doc).toMatchObject({ assigneeEmail: 'øster@au.dk', caseOwnerEmail: 'karen@au.dk' });
    expect(caseFromDocument({ ...doc })).toEqual(c);
    const { assignee: _gone, ...unassigned } = c;
    const { $set, $unset } = caseUpdate({ ...unassigned, caseOwner: { id: 'slack:U1', name: 'No mail' } }, 4, NOW);
    expect($unset).toMatchObject({ assigneeEmail: '', caseOwnerEmail: '' });
    expect($set).not.toHaveProperty('assigneeEmail');
    expect(caseUpdate(c, 4, NOW).$set).toMatchObject({ assigneeEmail: 'øster@au.dk', caseOwnerEmail: 'karen@au.dk' });
  });

  it('leaves out undefined fields when a case is stored', () => {
    const doc = caseToDocument(buildCase({ assignee: undefined }));
    expect(Object.keys(doc)).not.toContain('assignee');
  });
});

describe('caseUpdate', () => {
  it('sets every present field with the new version and time, without id or _id', () => {
    const next = buildCase({ title: 'New title', assignee: { id: 'teams:x', name: 'X' } });
    const { $set } = caseUpdate(next, 4, '2025-03-03T11:00:00.000Z');
    expect($set).toMatchObject({ title: 'New title', assignee: { id: 'teams:x', name: 'X' }, version: 4 });
    expect($set['updatedAt']).toBe('2025-03-03T11:00:00.000Z');
    expect($set).not.toHaveProperty('id');
    expect($set).not.toHaveProperty('_id');
  });

  it('unsets the optional fields the new case lacks so removed values disappear', () => {
    const next = buildCase({ caseOwner: { id: 'teams:o', name: 'O' }, nextTimerAt: undefined });
    const { $set, $unset } = caseUpdate(next, 4, NOW);
    expect($unset).toHaveProperty('assignee', '');
    expect($unset).toHaveProperty('nextTimerAt', '');
    expect($unset).toHaveProperty('pendingQuestion', '');
    expect($unset).not.toHaveProperty('caseOwner');
    expect($unset).not.toHaveProperty('impact');
    for (const key of Object.keys($unset ?? {})) expect($set).not.toHaveProperty(key);
  });

  it('never unsets the lease fields, which the sweeper owns', () => {
    const { $unset } = caseUpdate(buildCase(), 4, NOW);
    expect($unset).not.toHaveProperty('timerLeaseOwner');
    expect($unset).not.toHaveProperty('timerLeaseUntil');
  });
});

describe('outbox documents', () => {
  it('makes a pending, unattempted message due now when the draft has no notBefore', () => {
    const doc = outboxDocumentFromDraft({ key: 'k1', kind: 'notify_user', payload: { a: 1 } }, 'm-1', NOW, 7);
    expect(doc).toEqual({
      _id: 'm-1',
      key: 'k1',
      kind: 'notify_user',
      payload: { a: 1 },
      state: 'pending',
      attempts: 0,
      nextAttemptAt: NOW,
      createdAt: NOW,
      seq: 7,
    });
  });

  it('keeps the case id and the later due time when the draft has them', () => {
    const doc = outboxDocumentFromDraft(
      { key: 'k2', kind: 'post_card', caseId: 'case-1', payload: {}, notBefore: '2025-03-03T12:00:00.000Z' },
      'm-2',
      NOW,
      8,
    );
    expect(doc).toMatchObject({ caseId: 'case-1', nextAttemptAt: '2025-03-03T12:00:00.000Z' });
  });

  it('gives the id back as id and drops _id and the store-only seq when a stored message is read', () => {
    const doc = outboxDocumentFromDraft({ key: 'k1', kind: 'ping', payload: {} }, 'm-1', NOW, 9);
    const msg = outboxFromDocument({ ...doc, __v: 0, leaseOwner: 'disp-a' });
    expect(msg).toMatchObject({ id: 'm-1', key: 'k1', leaseOwner: 'disp-a' });
    expect(msg).not.toHaveProperty('_id');
    expect(msg).not.toHaveProperty('__v');
    expect(msg).not.toHaveProperty('seq');
  });
});

describe('article documents', () => {
  it('fills in the creation time only when the article has none', () => {
    const fresh = articleToDocument({ title: 't', body: 'b', keywords: [], locale: 'da' }, 'a-1', NOW);
    expect(fresh).toEqual({
      _id: 'a-1',
      title: 't',
      body: 'b',
      keywords: [],
      locale: 'da',
      createdAt: NOW,
      prefixes: { title: 't', keywords: '', body: 'b' },
    });
    const old = articleToDocument(
      { id: 'a-2', title: 't', body: 'b', keywords: [], locale: 'en', createdAt: '2024-01-01T00:00:00.000Z' },
      'a-2',
      NOW,
    );
    expect(old.createdAt).toBe('2024-01-01T00:00:00.000Z');
    // The index's prefixes are the store's own: never part of the article.
    expect(articleFromDocument({ ...old })).toEqual({
      id: 'a-2',
      title: 't',
      body: 'b',
      keywords: [],
      locale: 'en',
      createdAt: '2024-01-01T00:00:00.000Z',
    });
  });
});

describe('conversation documents', () => {
  it('adds a BSON date for the TTL index and drops it again when read', () => {
    const record = {
      key: 'teams:anna',
      state: { step: 'category' },
      updatedAt: NOW,
      expiresAt: '2025-03-03T11:00:00.000Z',
    };
    const doc = conversationToDocument(record);
    expect(doc._id).toBe('teams:anna');
    expect(doc.expiresAtDate).toEqual(new Date('2025-03-03T11:00:00.000Z'));
    expect(conversationFromDocument({ ...doc })).toEqual(record);
  });
});

describe('file documents', () => {
  const bytes = Buffer.from([0x00, 0xff, 0x00, 0x41, 0xfe, 0x00, 0xff]);
  const stored = {
    id: 'f-1',
    name: 'skærm.png',
    contentType: 'image/png',
    size: bytes.length,
    at: NOW,
    by: { id: 'teams:anna', name: 'Anna Berg', email: ' Anna.Berg@CAS.au.dk ' },
    data: bytes,
  };

  it('stores the id as _id and the sender e-mail lower case, and leaves caseId out when the file is unlinked', () => {
    const doc = fileToDocument(stored);
    expect(doc._id).toBe('f-1');
    expect('id' in doc).toBe(false);
    expect('caseId' in doc).toBe(false);
    expect(doc.by).toEqual({ id: 'teams:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' });
    expect(fileToDocument({ ...stored, caseId: 'case-1' }).caseId).toBe('case-1');
  });

  it('gives back a Buffer with the same bytes when the document went through BSON as binary', () => {
    const { BSON } = mongoose.mongo;
    const doc = fileToDocument({ ...stored, caseId: 'case-1' });
    // What the driver hands a lean query: BSON binary deserialised as a `Binary`, not a Buffer.
    const read = BSON.deserialize(BSON.serialize(doc));
    expect(Buffer.isBuffer(read['data'])).toBe(false);
    const file = fileFromDocument(read);
    expect(Buffer.isBuffer(file.data)).toBe(true);
    expect(file.data.equals(bytes)).toBe(true);
    const { data: _data, ...description } = file;
    expect(description).toEqual({
      id: 'f-1',
      caseId: 'case-1',
      name: 'skærm.png',
      contentType: 'image/png',
      size: 7,
      at: NOW,
      by: { id: 'teams:anna', name: 'Anna Berg', email: 'anna.berg@cas.au.dk' },
    });
  });

  it('reads a Buffer or a null caseId as they are when the document holds them', () => {
    const file = fileFromDocument({ ...fileToDocument(stored), caseId: null });
    expect(file.caseId).toBeUndefined();
    expect(file.data.equals(bytes)).toBe(true);
    expect(() => fileFromDocument({ ...fileToDocument(stored), data: 'text' })).toThrow(/not binary/);
  });
});

describe('caseUpdate and attachments', () => {
  it('unsets the attachments when the new case has none', () => {
    const next = buildCase();
    expect(caseUpdate(next, 4, NOW).$unset).toHaveProperty('attachments', '');
    const by = { id: 'teams:anna', name: 'Anna' };
    const withFile = buildCase({
      attachments: [{ id: 'f-1', name: 'a.png', contentType: 'image/png', size: 1, at: NOW, by }],
    });
    const update = caseUpdate(withFile, 4, NOW);
    expect(update.$set['attachments']).toEqual(withFile.attachments);
    expect(update.$unset).not.toHaveProperty('attachments');
  });
});

describe('prefixTokens', () => {
  it('gives every word and its prefixes of three letters or more, once, so a search word matches as a prefix', () => {
    expect(prefixTokens('Printeren')).toBe('printeren pri prin print printe printer printere');
    expect(prefixTokens('PC on the pc, højttaleren').split(' ')).toEqual([
      'pc',
      'on',
      'the',
      ...['højttaleren', 'høj', 'højt', 'højtt', 'højtta', 'højttal', 'højttale', 'højttaler', 'højttalere'],
    ]);
    expect(prefixTokens('')).toBe('');
  });

  it("covers an article's title, keywords and body each", () => {
    expect(articlePrefixes({ title: 'VPN', keywords: ['cisco', 'vpn'], body: 'Log in' })).toEqual({
      title: 'vpn',
      keywords: 'cisco cis cisc vpn',
      body: 'log in',
    });
  });
});

describe('the collection indexes', () => {
  it("declares a staff member's cases by status and no longer the single-field indexes those replace", () => {
    const conn = mongoose.createConnection();
    try {
      const indexes = registerModels(conn).cases.schema.indexes();
      const byName = new Map(indexes.map(([keys, options]) => [options['name'] as string, keys]));
      expect(byName.get('assignee_status')).toEqual({ 'assignee.id': 1, status: 1, createdAt: -1 });
      expect(byName.get('case_owner_status')).toEqual({ 'caseOwner.id': 1, status: 1, createdAt: -1 });
      for (const gone of SUPERSEDED_INDEXES.cases) expect(byName.has(gone)).toBe(false);
      expect([...SUPERSEDED_INDEXES.cases].sort()).toEqual(['assignee', 'case_owner', 'created', 'next_timer']);
    } finally {
      void conn.close();
    }
  });

  it("text-indexes the articles' word prefixes with the field weights, in place of the first text index", () => {
    const conn = mongoose.createConnection();
    try {
      const indexes = registerModels(conn).articles.schema.indexes();
      const text = indexes.filter(([keys]) => Object.values(keys).includes('text'));
      expect(text).toHaveLength(1);
      const [keys, options] = text[0]!;
      expect(keys).toEqual({ 'prefixes.title': 'text', 'prefixes.keywords': 'text', 'prefixes.body': 'text' });
      expect(options).toMatchObject({
        name: 'article_prefix_text',
        default_language: 'none',
        weights: { 'prefixes.title': 10, 'prefixes.keywords': 5, 'prefixes.body': 1 },
      });
      expect(SUPERSEDED_INDEXES.articles).toEqual(['article_text']);
    } finally {
      void conn.close();
    }
  });
});
