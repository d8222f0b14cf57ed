import { describe, expect, it } from 'vitest';
import { parseStaffCommand } from '../../src/bot/staff-commands.js';

describe('parseStaffCommand', () => {
  it('reads search words and at most one e-mail, in any order, in both languages', () => {
    expect(parseStaffCommand('search printer 1485')).toEqual({
      ok: true,
      command: { kind: 'search', terms: { words: ['printer', '1485'] } },
    });
    expect(parseStaffCommand('Søg Anna@AU.dk printer')).toEqual({
      ok: true,
      command: { kind: 'search', terms: { words: ['printer'], personEmail: 'Anna@AU.dk' } },
    });
    expect(parseStaffCommand('search "x" * NEAR( $gt')).toEqual({
      ok: true,
      command: { kind: 'search', terms: { words: ['"x"', '*', 'NEAR(', '$gt'] } },
    });
  });

  it('reads similar with one case number for staff, gives its usage otherwise, and is no command for users', () => {
    expect(parseStaffCommand('similar inc-42')).toEqual({
      ok: true,
      command: { kind: 'similar', number: 'INC-000042' },
    });
    expect(parseStaffCommand('lignende #SR-7')).toEqual({
      ok: true,
      command: { kind: 'similar', number: 'SR-000007' },
    });
    for (const text of ['similar', 'similar printer', 'similar INC-1 INC-2']) {
      const parsed = parseStaffCommand(text, '/incident ');
      expect(parsed?.ok === false && parsed.usage.en, text).toContain('/incident similar INC-000123');
    }
    expect(parseStaffCommand('Similar problem as last week', '', false)).toBeNull();
  });

  it('gives the search usage for no words, two e-mails or too many words', () => {
    for (const text of [
      'search',
      'søg a@b.dk c@d.dk',
      `search ${Array.from({ length: 11 }, (_, i) => `w${i}`).join(' ')}`,
    ]) {
      const parsed = parseStaffCommand(text, '/incident ');
      expect(parsed, text).toMatchObject({ ok: false });
      expect(parsed?.ok === false && parsed.usage.en).toContain('/incident search «words»');
    }
  });

  it('says which word is too long and the limit when a search word is over 60 characters', () => {
    const parsed = parseStaffCommand(`search printer ${'x'.repeat(61)}`, '/incident ');
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed?.ok === false && parsed.usage.en).toBe('A search word is too long: at most 60 characters per word.');
    expect(parsed?.ok === false && parsed.usage.da).toBe('Et søgeord er for langt: højst 60 tegn pr. ord.');
    expect(parseStaffCommand(`search ${'x'.repeat(60)}`)).toMatchObject({ ok: true });
  });

  it('leaves search to be a report when the person may not search (not support staff)', () => {
    expect(parseStaffCommand('Search in Outlook finds nothing', '', false)).toBeNull();
    expect(parseStaffCommand('søg', '', false)).toBeNull();
    expect(parseStaffCommand('stats', '', false)).toMatchObject({ ok: true });
  });

  it('leaves stats followed by words that are no group and period to be a report when the writer is not staff', () => {
    expect(parseStaffCommand('Statistik virker ikke i SPSS', '', false)).toBeNull();
    expect(parseStaffCommand('stats month', '', false)).toEqual({
      ok: true,
      command: { kind: 'stats', args: { period: 'month' } },
    });
    expect(parseStaffCommand('statistik', '', false)).toEqual({ ok: true, command: { kind: 'stats', args: {} } });
    expect(parseStaffCommand('Statistik virker ikke i SPSS', '', true)).toMatchObject({ ok: false });
  });

  it('reads group and period in any order when the command is stats', () => {
    expect(parseStaffCommand('stats week arts-support')).toEqual({
      ok: true,
      command: { kind: 'stats', args: { groupId: 'arts-support', period: 'week' } },
    });
    expect(parseStaffCommand('statistik')).toEqual({ ok: true, command: { kind: 'stats', args: {} } });
  });

  it('gives the usage hint with the command prefix when stats gets two groups', () => {
    const parsed = parseStaffCommand('stats a b', '/incident ');
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed?.ok === false && parsed.usage.en).toContain('/incident stats [group] [period]');
  });

  it('reads admin export and erase with exactly one e-mail argument', () => {
    expect(parseStaffCommand('admin export a@b.dk')).toEqual({
      ok: true,
      command: { kind: 'admin_export', email: 'a@b.dk' },
    });
    expect(parseStaffCommand('admin slet a@b.dk')).toEqual({
      ok: true,
      command: { kind: 'admin_erase', email: 'a@b.dk' },
    });
    expect(parseStaffCommand('admin export a@b.dk c@d.dk')).toMatchObject({ ok: false });
    expect(parseStaffCommand('admin')).toMatchObject({ ok: false });
  });

  it('normalises case numbers and keeps the whole summary when the command is major', () => {
    expect(parseStaffCommand('major declare inc-7 Eduroam   is down')).toEqual({
      ok: true,
      command: { kind: 'major_declare', number: 'INC-000007', summary: 'Eduroam is down' },
    });
    expect(parseStaffCommand('major link INC-8 #INC-7')).toEqual({
      ok: true,
      command: { kind: 'major_link', number: 'INC-000008', parentNumber: 'INC-000007' },
    });
    expect(parseStaffCommand('major unlink INC-8')).toEqual({
      ok: true,
      command: { kind: 'major_unlink', number: 'INC-000008' },
    });
    expect(parseStaffCommand('major link INC-8')).toMatchObject({ ok: false });
    expect(parseStaffCommand('major unlink banana')).toMatchObject({ ok: false });
  });

  it('says the summary is too long and the limit when major declare gets over 500 characters', () => {
    const parsed = parseStaffCommand(`major declare INC-7 ${'x'.repeat(501)}`);
    expect(parsed).toMatchObject({ ok: false });
    expect(parsed?.ok === false && parsed.usage.en).toContain('too long: at most 500 characters');
    expect(parsed?.ok === false && parsed.usage.da).toContain('for lang: højst 500 tegn');
    expect(parseStaffCommand(`major declare INC-7 ${'x'.repeat(500)}`)).toMatchObject({ ok: true });
    // A bad case number still gets the usage hint.
    const bad = parseStaffCommand(`major declare banana ${'x'.repeat(501)}`);
    expect(bad?.ok === false && bad.usage.en).toContain('major declare INC-000123');
  });

  it('returns null when the text is free text that only starts like a command', () => {
    expect(parseStaffCommand('major problem with my laptop')).toBeNull();
    expect(parseStaffCommand('admin password reset please')).toBeNull();
    expect(parseStaffCommand('my printer is broken')).toBeNull();
  });
});
