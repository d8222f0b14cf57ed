import { describe, expect, it } from 'vitest';
import { JSON_PART_BYTES, jsonMessages } from '../../../src/bot/teams/teams-json-messages.js';
import { outgoingActivity } from '../../../src/bot/teams/teams-messages.js';

const unfence = (part: string): string => part.replace(/^```json\n/, '').replace(/\n```$/, '');
/** Bytes a text takes inside the activity's JSON: UTF-8, with the JSON string escapes. */
const wireBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8') - 2;
/** Teams refuses a message whose activity is over about 28 KB. */
const TEAMS_MESSAGE_BYTES = 28 * 1024;
const activityBytes = (text: string): number =>
  Buffer.byteLength(JSON.stringify(outgoingActivity({ type: 'message', textFormat: 'markdown', text })), 'utf8');

describe('jsonMessages', () => {
  it('gives one code block equal to the JSON when it is short', () => {
    const json = JSON.stringify({ a: 1, b: ['x'] }, null, 2);
    const out = jsonMessages(json);
    expect(out).toEqual({ parts: [`\`\`\`json\n${json}\n\`\`\``], truncated: false, total: 1 });
  });

  it('splits at line ends into parts within the byte limit that join back to the JSON when it is long', () => {
    const data = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, text: `item ${i} ${'x'.repeat(i % 17)}` })) };
    const json = JSON.stringify(data, null, 2);
    const out = jsonMessages(json, { maxBytes: 500, maxParts: 1000 });
    expect(out.parts.length).toBeGreaterThan(5);
    for (const p of out.parts) expect(wireBytes(p)).toBeLessThanOrEqual(500);
    expect(JSON.parse(out.parts.map(unfence).join('\n'))).toEqual(data);
  });

  it('escapes backticks so a value cannot close the fence and the JSON stays equal', () => {
    const data = { note: 'run ```rm -rf``` now' };
    const [part] = jsonMessages(JSON.stringify(data)).parts;
    expect(unfence(part!)).not.toContain('`');
    expect(JSON.parse(unfence(part!))).toEqual(data);
  });

  it('cuts a line longer than a part and stops at maxParts when the JSON is too long', () => {
    const json = JSON.stringify({ big: 'y'.repeat(2_000) });
    const out = jsonMessages(json, { maxBytes: 300, maxParts: 3 });
    expect(out.parts).toHaveLength(3);
    expect(out.truncated).toBe(true);
    for (const p of out.parts) expect(wireBytes(p)).toBeLessThanOrEqual(300);
    expect(out.total).toBe(Math.ceil(json.length / (300 - 14)));
  });

  it('keeps every part of an export of someone who writes Chinese within a Teams message', () => {
    const notes = Array.from({ length: 40 }, (_, i) => ({
      at: `2025-03-0${(i % 9) + 1}`,
      text: '打印机无法连接到网络，显示错误代码。'.repeat(20),
    }));
    const json = JSON.stringify({ person: 'li.wei@post.au.dk', cases: [{ number: 'INC-000123', notes }] }, null, 2);
    const { parts, truncated } = jsonMessages(json);
    expect(truncated).toBe(false);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(wireBytes(p)).toBeLessThanOrEqual(JSON_PART_BYTES);
      expect(activityBytes(p)).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);
    }
    expect(JSON.parse(parts.map(unfence).join('\n'))).toEqual(JSON.parse(json));
  });

  it('keeps every part within a Teams message when emoji, Danish letters and quotes fill one long line', () => {
    const notes = Array.from({ length: 200 }, () => ({
      text: '😡🖨️ Printeren på 3. sal: "fejl" — prøv igen 🙏'.repeat(6),
    }));
    // No indentation: the whole export is one line, cut within itself, never inside a character.
    const json = JSON.stringify({ cases: [{ notes }] });
    const { parts } = jsonMessages(json);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(activityBytes(p)).toBeLessThanOrEqual(TEAMS_MESSAGE_BYTES);
    expect(parts.map(unfence).join('')).toBe(json);
    expect(parts.join('')).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});
