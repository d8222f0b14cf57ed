import { describe, expect, it } from 'vitest';
import { userMessages } from '../../src/services/lifecycle/messages.js';
import { orderMessages } from '../../src/services/orders/order-messages.js';
import { slaMessages } from '../../src/services/sla/sla-messages.js';

/** The auto-close notice's facts with the catalogue at one business day (`autoCloseBusinessDays: 1`). */
const closed = { number: 'INC-000001', title: 'Eduroam drops', who: 'Jonas Vestergaard', days: 1 };

describe('one business day in the messages to people (as b04848e in the digest and the thread notes)', () => {
  it('is "1 business day" / "1 arbejdsdag" in the auto-close notice to the user and to staff in a student\'s place', () => {
    expect(slaMessages.autoClosedToUser.en(closed)).toContain('we have not heard from you for 1 business day. How');
    expect(slaMessages.autoClosedToUser.da(closed)).toContain('vi har ikke hørt fra dig i 1 arbejdsdag. Hvordan');
    expect(userMessages.autoClosedInStudentsPlace.en(closed)).toContain('no answer came for 1 business day. You');
    expect(userMessages.autoClosedInStudentsPlace.da(closed)).toContain('der er ikke kommet svar i 1 arbejdsdag. Du');
    // The shipped five days as before.
    expect(slaMessages.autoClosedToUser.en({ ...closed, days: 5 })).toContain('for 5 business days. How');
  });

  it("is singular in an order item's lead time, the approver's reminder and the escalation note", () => {
    const waited = { number: 'SR-000002', requester: 'Carl Holm', approver: 'Mette Kirkegaard', days: 1 };
    expect(orderMessages.en.leadTime(waited)).toBe('1 business day');
    expect(orderMessages.da.leadTime(waited)).toBe('1 arbejdsdag');
    expect(orderMessages.en.approvalReminderText(waited)).toContain('has waited 1 business day for your approval.');
    expect(orderMessages.da.approvalReminderText(waited)).toContain('har ventet 1 arbejdsdag på din godkendelse.');
    expect(orderMessages.en.escalatedThread(waited)).toContain('the approval request for 1 business day.');
    expect(orderMessages.da.escalatedThread(waited)).toContain('på godkendelsen i 1 arbejdsdag.');
    expect(orderMessages.en.leadTime({ days: 3 })).toBe('3 business days');
  });
});
