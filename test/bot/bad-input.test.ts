import { describe, expect, it } from 'vitest';
import { badInputText } from '../../src/bot/bad-input.js';
import {
  type CardActionError,
  MAX_ACTION_TEXT,
  MAX_COMMENT,
  MAX_SHORT_TEXT,
  parseCardAction,
} from '../../src/cards/card-actions.js';

const onCase = { caseId: 'case-1', version: 4 };

/** The parser's refusal of `raw` (which must be refused). */
function refusal(raw: Record<string, unknown>): CardActionError {
  const parsed = parseCardAction(raw);
  if (parsed.ok) throw new Error('expected a refusal');
  return parsed.error;
}

/** What the person is told about `raw`, in `locale`, from a card (Teams) unless said. */
const told = (raw: Record<string, unknown>, locale: 'en' | 'da', from?: 'card' | 'form' | 'clicked') =>
  badInputText(refusal(raw), locale, raw, from ? { from } : {});

describe('the refusal of a form value that is too long', () => {
  it('names the field, the length given and the limit, and says nothing was saved, in English and Danish', () => {
    const rating = { verb: 'evaluate', ...onCase, score: '4', comment: 'x'.repeat(25_000) };
    expect(refusal(rating)).toMatchObject({ field: 'comment', tooLong: { max: 2000, length: 25_000 } });
    expect(told(rating, 'en')).toBe(
      'I could not use that: “Comment (optional)” is 25,000 characters; at most 2,000 fit. Nothing was saved: ' +
        'please shorten it and send it again.',
    );
    expect(told(rating, 'da')).toBe(
      'Det kunne jeg ikke bruge: «Kommentar (valgfri)» er 25.000 tegn; der er højst plads til 2.000. Intet blev gemt: ' +
        'gør teksten kortere, og send den igen.',
    );
  });

  it('holds the rating comment and "What is still wrong?" to the 2000 characters their forms say', () => {
    expect(MAX_COMMENT).toBe(2000);
    const comment = (verb: string, length: number) =>
      parseCardAction({ verb, ...onCase, score: 5, comment: 'y'.repeat(length) });
    expect(comment('evaluate', MAX_COMMENT).ok).toBe(true);
    expect(comment('evaluate', MAX_COMMENT + 1).ok).toBe(false);
    expect(comment('still_a_problem', MAX_COMMENT).ok).toBe(true);
    expect(comment('still_a_problem', MAX_COMMENT + 1).ok).toBe(false);
    // Counted as kept: the spaces around it are not part of the comment.
    expect(comment('evaluate', 0).ok).toBe(true);
    expect(parseCardAction({ verb: 'evaluate', ...onCase, score: 5, comment: ` ${'y'.repeat(2000)} ` }).ok).toBe(true);
  });

  it('names a staff field by the label of the form it came from, with its own limit', () => {
    const note = { verb: 'note', ...onCase, 'note.text': 'n'.repeat(MAX_ACTION_TEXT + 1) };
    expect(told(note, 'en')).toBe(
      'I could not use that: “Note” is 20,001 characters; at most 20,000 fit. Nothing was saved: please shorten it ' +
        'and send it again.',
    );
    const vendor = { verb: 'set_status', ...onCase, status: 'awaiting_vendor', vendorName: 'v'.repeat(501) };
    expect(refusal(vendor).tooLong).toEqual({ max: MAX_SHORT_TEXT, length: 501 });
    expect(told(vendor, 'da', 'form')).toBe(
      'Det kunne jeg ikke bruge: «Leverandør» er 501 tegn; der er højst plads til 500. Intet blev gemt: gør ' +
        'teksten kortere, og send den igen.',
    );
  });

  it('does not name a limit for an intake answer (its question has its own), nor for a field nobody sees', () => {
    const answer = { verb: 'intake_answer', values: { description: 'd'.repeat(MAX_ACTION_TEXT + 1) } };
    expect(refusal(answer).tooLong).toBeUndefined();
    const id = { verb: 'claim', caseId: 'c'.repeat(201), version: 1 };
    expect(told(id, 'en')).toBe('I could not use that: the card sent something I could not use. Please try again.');
  });
});

describe('the refusal of a form value of the wrong type', () => {
  it('says the field takes text and what came instead, in English and Danish', () => {
    const cases: [unknown, string, string][] = [
      [42, 'a number', 'et tal'],
      [['a', 'b'], 'a list', 'en liste'],
      [{ $gt: '' }, 'a group of values', 'en gruppe af værdier'],
      [true, 'yes/no', 'ja/nej'],
    ];
    for (const [value, en, da] of cases) {
      const rating = { verb: 'evaluate', ...onCase, score: 3, comment: value };
      expect(told(rating, 'en')).toBe(
        `I could not use that: “Comment (optional)” takes text, but the card sent ${en}. Nothing was saved. ` +
          'Please try again.',
      );
      expect(told(rating, 'da', 'form')).toBe(
        `Det kunne jeg ikke bruge: «Kommentar (valgfri)» skal være tekst, men formularen sendte ${da}. Intet blev ` +
          'gemt. Prøv igen.',
      );
    }
  });

  it('asks for a text that came as null, as for a missing one', () => {
    const note = { verb: 'note', ...onCase, 'note.text': null };
    expect(refusal(note)).toMatchObject({ field: 'text', missing: true });
    expect(told(note, 'en')).toBe('I could not use that: please fill in “Note” and try again.');
  });

  it('says a choice was given a value that is none of its choices', () => {
    const status = { verb: 'set_status', ...onCase, status: 7 };
    expect(told(status, 'en')).toBe(
      'I could not use that: “New status” is not one of its choices. Nothing was saved. Please choose one and try again.',
    );
    expect(told({ verb: 'note', ...onCase, 'note.text': 'x', 'note.visibility': ['public'] }, 'da')).toBe(
      'Det kunne jeg ikke bruge: «Hvem må se det» er ikke et af valgene. Intet blev gemt. Vælg et af dem, og prøv igen.',
    );
  });
});
