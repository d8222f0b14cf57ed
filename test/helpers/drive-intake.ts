import { expect } from 'vitest';
import type { MessageView } from '../../src/cards/view-models.js';
import type { IntakeEngine, IntakeInput, IntakeReply } from '../../src/services/intake/intake-engine.js';

/** The form id of the step a reply shows (`intake-summary`), if any. */
export function stepOf(reply: IntakeReply): string | undefined {
  const form = [...reply.views].reverse().find((v: MessageView) => v.form)?.form;
  return form?.id;
}

/**
 * Answers an intake conversation by chat text, step after step (first option of every choice, "yes", a date,
 * "no" to known solutions), until the summary shows. Throws when it does not get there in 30 turns.
 */
export async function driveToSummary(
  intake: Pick<IntakeEngine, 'handle'>,
  base: Omit<IntakeInput, 'text' | 'action' | 'values'>,
  description: string,
): Promise<IntakeReply> {
  let reply = await intake.handle({ ...base, text: description });
  for (let turn = 0; turn < 30; turn++) {
    const step = stepOf(reply);
    if (step === 'intake-summary') return reply;
    const form = [...reply.views].reverse().find((v) => v.form)?.form;
    const input = form?.inputs[0];
    let text = 'It happens in building 1481, room 235';
    if (step === 'intake-knowledge') text = 'no';
    else if (input?.kind === 'choice') text = '1';
    else if (input?.kind === 'yes_no') text = 'yes';
    else if (input?.kind === 'date') text = '2025-03-01';
    else if (input?.kind === 'number') text = '1';
    reply = await intake.handle({ ...base, text });
  }
  throw new Error(`intake did not reach the summary; last step ${stepOf(reply)}`);
}

/**
 * Answers an intake conversation by chat text from `description` on (with `first` on that turn only): the first
 * option of every choice, "yes", `other` to anything else, until the known solutions show, which it expects within
 * 30 turns; that reply.
 */
export async function driveToKnownSolutions(
  intake: Pick<IntakeEngine, 'handle'>,
  base: Omit<IntakeInput, 'text' | 'action' | 'values'>,
  description: string,
  other: string,
  first: Partial<IntakeInput> = {},
): Promise<IntakeReply> {
  let reply = await intake.handle({ ...base, ...first, text: description });
  for (let turn = 0; turn < 30 && stepOf(reply) !== 'intake-knowledge'; turn++) {
    const input = [...reply.views].reverse().find((v) => v.form)?.form?.inputs[0];
    const text = input?.kind === 'choice' ? '1' : input?.kind === 'yes_no' ? 'yes' : other;
    reply = await intake.handle({ ...base, text });
  }
  expect(stepOf(reply)).toBe('intake-knowledge');
  return reply;
}
