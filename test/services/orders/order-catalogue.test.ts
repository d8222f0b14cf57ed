import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { parseCatalogue } from '../../../src/config/load-catalogue.js';
import { isAppError } from '../../../src/models/errors.js';

const SHIPPED = readFileSync(fileURLToPath(new URL('../../../config/catalogue.yaml', import.meta.url)), 'utf8');

type Raw = Record<string, unknown> & { items: Record<string, unknown>[]; orders: Record<string, unknown> };

/** The shipped catalogue with a change, as YAML text. */
function changed(edit: (raw: Raw) => void): string {
  const raw = parse(SHIPPED) as Raw;
  edit(raw);
  return stringify(raw);
}

/** The shipped catalogue with one `orders` setting changed. */
const withOrders = (key: string, value: unknown): string =>
  changed((raw) => {
    raw.orders[key] = value;
  });

function problems(text: string): string[] {
  try {
    parseCatalogue(text);
  } catch (err) {
    if (isAppError(err, 'CATALOGUE.INVALID')) return err.details['problems'] as string[];
    throw err;
  }
  throw new Error('expected the catalogue to be refused');
}

describe('catalogue items and orders', () => {
  it('loads the shipped items with da/en names, prices and stock or lead time', () => {
    const catalogue = parseCatalogue(SHIPPED);
    const ids = catalogue.items.map((i) => i.id);
    expect(ids).toContain('laptop-thinkpad-t14-g5');
    expect(ids).toContain('laptop-macbook-air-13-m3');
    expect(new Set(catalogue.items.map((i) => i.kind))).toEqual(
      new Set(['laptop', 'desktop', 'dock', 'screen', 'headset', 'keyboard_mouse', 'software']),
    );
    for (const item of catalogue.items)
      expect((item.inStock === true) !== (item.leadTimeBusinessDays !== undefined)).toBe(true);
    expect(catalogue.orders).toMatchObject({
      approvalThresholdDkk: 10_000,
      approvalReminderBusinessDays: 2,
      approvalEscalateBusinessDays: 4,
    });
  });

  it('applies the defaults when the catalogue has no orders section', () => {
    const catalogue = parseCatalogue(
      changed((raw) => {
        delete (raw as Record<string, unknown>)['orders'];
      }),
    );
    expect(catalogue.orders).toEqual({
      categoryId: 'purchase-equipment',
      approvalThresholdDkk: 10_000,
      approvalReminderBusinessDays: 2,
      approvalEscalateBusinessDays: 4,
      stockDeliveryBusinessDays: 2,
      specialLeadTimeBusinessDays: 20,
    });
  });

  it('lists every broken item with its path when items are invalid', () => {
    const list = problems(
      changed((raw) => {
        raw.items[0] = { ...raw.items[0], leadTimeBusinessDays: 5 };
        const { inStock: _gone, ...noStock } = raw.items[1] as Record<string, unknown>;
        raw.items[1] = noStock;
        raw.items[2] = { ...raw.items[2], priceDkk: -10, colour: 'red' };
        raw.items[3] = { ...raw.items[3], id: raw.items[4]?.['id'] };
      }),
    );
    const joined = list.join('\n');
    expect(joined).toMatch(/items\[0\]\.leadTimeBusinessDays.*not both/);
    expect(joined).toMatch(/items\[1\]\.inStock.*give inStock: true or leadTimeBusinessDays/);
    expect(joined).toMatch(/items\[2\]\.priceDkk/);
    expect(joined).toMatch(/items\[2\]\.colour.*unknown field/);
    expect(joined).toMatch(/items\[4\]\.id.*duplicate id "dock-thinkpad-usb-c" \(first used at items\[3\]\)/);
  });

  it('refuses an orders category that is missing or an incident category, and an escalation before the reminder', () => {
    expect(problems(withOrders('categoryId', 'shopping')).join('\n')).toMatch(
      /orders\.categoryId.*no category with id "shopping"/,
    );
    expect(problems(withOrders('categoryId', 'printing')).join('\n')).toMatch(/orders\.categoryId.*incident category/);
    expect(problems(withOrders('approvalEscalateBusinessDays', 2)).join('\n')).toMatch(
      /orders\.approvalEscalateBusinessDays.*after the reminder/,
    );
  });
});
