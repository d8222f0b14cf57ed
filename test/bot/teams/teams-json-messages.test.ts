import { describe, expect, it } from 'vitest';
import { jsonMessages } from '../../../src/bot/teams/teams-json-messages.js';

const unfence = (part: string): string => part.replace(/^```json\n/, '').replace(/\n```$/, '');

describe('jsonMessages', () => {
  it('gives one code block equal to the JSON when it is short', () => {
    const json = JSON.stringify({ a: 1, b: ['x'] }, null, 2);
    const out = jsonMessages(json);
    expect(out).toEqual({ parts: [`\`\`\`json\n${json}\n\`\`\``], truncated: false, total: 1 });
  });

  it('splits at line ends into parts within the limit that join back to the JSON when it is long', () => {
    const data = { items: Array.from({ length: 200 }, (_, i) => ({ id: i, text: `item ${i} ${'x'.repeat(i % 17)}` })) };
    const json = JSON.stringify(data, null, 2);
    const out = jsonMessages(json, { maxChars: 500, maxParts: 1000 });
    expect(out.parts.length).toBeGreaterThan(5);
    for (const p of out.parts) expect(unfence(p).length).toBeLessThanOrEqual(500);
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
    const out = jsonMessages(json, { maxChars: 300, maxParts: 3 });
    expect(out.parts).toHaveLength(3);
    expect(out.truncated).toBe(true);
    expect(out.total).toBe(Math.ceil(json.length / 300));
  });
});
