import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { isAppError } from '../../../src/models/errors.js';
import { readOrder } from '../../../src/services/orders/order.js';
import type { OrderState } from '../../../src/services/orders/order-state.js';
import { teamsAppPerTest } from '../../helpers/app-per-test.js';
import { type Json, walk } from '../../helpers/card-walk.js';
import { aPersonalMessage, anActionInvoke, type TestUser } from '../../helpers/teams-activities.js';
import { startTeamsApp, type TeamsApp } from '../../helpers/teams-app.js';

const apps = teamsAppPerTest('teams-order-template-');
const SHIPPED = fileURLToPath(new URL('../../../config/catalogue.yaml', import.meta.url));

/** An employee at Arts: staff order her laptop on her behalf. */
const ANNA: TestUser = { id: '29:anna', aadObjectId: 'aad-anna', name: 'Anna Employee' };
/** ARTS Support (1st level) member in the shipped catalogue: staff, may use case templates. */
const JONAS: TestUser = { id: '29:jonas', aadObjectId: 'aad-jonas', name: 'Jonas Vestergaard' };
/** ARTS Support member whose Teams is in Danish. */
const EMMA: TestUser = { id: '29:emma', aadObjectId: 'aad-emma', name: 'Emma Skov' };
const EMAILS = {
  '29:anna': 'anna.employee@au.dk',
  '29:jonas': 'jonas.vestergaard@au.dk',
  '29:emma': 'emma.skov@au.dk',
};
const LOCALE: Record<string, string> = { '29:anna': 'en-US', '29:jonas': 'en-US', '29:emma': 'da-DK' };
/** The standard in-stock laptop `new-employee-laptop` pre-selects (config/catalogue.yaml). */
const LAPTOP = 'laptop-thinkpad-t14-g5';

/** The shipped catalogue changed by `change`, written into `dir`; its path. */
async function catalogueWith(dir: string, change: (doc: Record<string, unknown>) => void): Promise<string> {
  const doc = parse(await readFile(SHIPPED, 'utf8')) as Record<string, unknown>;
  change(doc);
  const file = path.join(dir, 'catalogue.yaml');
  await writeFile(file, stringify(doc));
  return file;
}

type Template = { id: string; categoryId: string; items?: { id: string; quantity?: number }[] };
const templatesOf = (doc: Record<string, unknown>) => doc['caseTemplates'] as Template[];

async function start(change?: (doc: Record<string, unknown>) => void): Promise<TeamsApp> {
  const dataDir = await apps.dirs.make();
  const env: Record<string, string> = change ? { CATALOGUE_PATH: await catalogueWith(dataDir, change) } : {};
  return apps.start({ dataDir, emails: EMAILS, env });
}

/** `user`'s Action.Execute click in their chat with the bot; the card the invoke answered with. */
async function click(app: TeamsApp, user: TestUser, data: Record<string, unknown>): Promise<Json> {
  const res = await app.post({ ...anActionInvoke(user, data), locale: LOCALE[user.id] });
  expect(res.status).toBe(200);
  return ((await res.json()) as { value: Json }).value;
}

/** What the bot sent `user` after `text` in their chat with it (in their Teams locale): each activity. */
async function sent(app: TeamsApp, user: TestUser, text: string): Promise<Json[]> {
  const from = app.calls.length;
  expect((await app.post({ ...aPersonalMessage(user, text), locale: LOCALE[user.id] })).status).toBe(200);
  return app.calls.slice(from).map((c) => c.body as Json);
}

/** `user` picks the template `templateId` at the template step of the intake draft `draft`; the card answered. */
function pickTemplate(app: TeamsApp, user: TestUser, draft: string | undefined, templateId: string): Promise<Json> {
  return click(app, user, { verb: 'intake_answer', step: 'template', draft, templateId });
}

/** The stored intake draft in `user`'s chat with the bot. */
async function intakeOf(app: TeamsApp, user: TestUser) {
  const key = `teams:a:personal-${user.id}:${user.aadObjectId}`;
  return (await app.app.services.store.getConversation(key))?.state as {
    step: string;
    mode: string;
    draftId: string;
    onBehalf?: { user?: { email?: string }; channel?: string };
    template?: { id: string };
  };
}

/** The input `id` of a card. */
function input(card: Json, id: string): Json | undefined {
  return walk(card).find(
    (n) => n['id'] === id && typeof n['type'] === 'string' && String(n['type']).startsWith('Input.'),
  );
}

/** The stored order draft in `user`'s chat with the bot. */
async function orderDraft(app: TeamsApp, user: TestUser): Promise<OrderState | undefined> {
  const key = `order:teams:a:personal-${user.id}:${user.aadObjectId}`;
  return (await app.app.services.store.getConversation(key))?.state as OrderState | undefined;
}

describe('Teams: a case template in the orders category opens the order form', () => {
  it('opens the form with the standard laptop and Anna as the person when staff start "new-employee-laptop" for her, and registers the order as SR-…', async () => {
    const app = await start();
    // Anna has talked to the bot once, so the directory knows her.
    await sent(app, ANNA, 'hello');

    const form = await click(app, JONAS, {
      verb: 'intake_start',
      templateId: 'new-employee-laptop',
      onBehalfOf: 'anna.employee@au.dk',
    });
    const text = JSON.stringify(form);
    expect(text).toContain('Order equipment');
    expect(text).toContain('Started from the template \\"New employee: standard laptop\\": its items are filled in.');
    // The laptop is pre-selected, nothing else is.
    expect(input(form, `qty.${LAPTOP}`)).toMatchObject({ type: 'Input.Number', value: 1 });
    expect(input(form, 'qty.laptop-macbook-air-13-m3')?.['value']).toBeUndefined();
    expect(input(form, 'qty.dock-thinkpad-usb-c')?.['value']).toBeUndefined();
    // No intake draft is left: the template is an order, not a case waiting for its questions.
    expect(await app.app.services.store.getConversation(`teams:a:personal-29:jonas:aad-jonas`)).toBeNull();
    const draft = await orderDraft(app, JONAS);
    expect(draft).toMatchObject({
      quantities: { [LAPTOP]: 1 },
      forWhom: 'on_behalf',
      onBehalf: { query: 'anna.employee@au.dk' },
      template: { id: 'new-employee-laptop' },
    });

    // Next with the form as shown: the details ask for whom with Anna filled in.
    const details = await click(app, JONAS, {
      verb: 'order_items',
      draft: draft?.draftId,
      [`qty.${LAPTOP}`]: '1',
    });
    expect(input(details, 'forWhom')?.['value']).toBe('on_behalf');
    expect(input(details, 'onBehalfOf')?.['value']).toBe('anna.employee@au.dk');

    const summary = JSON.stringify(
      await click(app, JONAS, {
        verb: 'order_details',
        draft: draft?.draftId,
        forWhom: 'on_behalf',
        onBehalfOf: 'anna.employee@au.dk',
        faculty: 'arts',
        deliveryLocation: '1481-235',
        costCentre: '12345678',
      }),
    );
    expect(summary).toContain('Your order');
    expect(summary).toContain('1 × Lenovo ThinkPad T14 Gen 5');
    expect(summary).toContain('Anna Employee');
    expect(summary).toContain('From the template');
    expect(summary).toContain('Order a standard laptop from stock');

    const done = JSON.stringify(await click(app, JONAS, { verb: 'order_confirm', draft: draft?.draftId }));
    const [c] = await app.app.services.store.findCases({ personId: 'teams:aad-anna' });
    expect(c?.number).toMatch(/^SR-/);
    expect(done).toContain(`Order ${c?.number} sent`);
    expect(c).toMatchObject({
      type: 'service_request',
      categoryId: 'purchase-equipment',
      user: { email: 'anna.employee@au.dk' },
      reporter: { name: 'Jonas Vestergaard' },
    });
    expect(c?.description).toContain(
      'From the case template "New employee: standard laptop": Order a standard laptop from stock, install the standard image',
    );
    expect(readOrder(c!)?.lines).toEqual([expect.objectContaining({ kind: 'standard', itemId: LAPTOP, quantity: 1 })]);
    expect(await orderDraft(app, JONAS)).toBeUndefined();
  });

  it('opens the form with nothing pre-selected, for staff themselves, from a template without items chosen at the template step (Danish)', async () => {
    const app = await start((doc) => {
      templatesOf(doc).push({
        id: 'new-employee-kit',
        name: { da: 'Ny medarbejder: udstyr efter behov', en: 'New employee: equipment as needed' },
        categoryId: 'purchase-equipment',
        priority: 'P3',
        title: { da: 'Udstyr til ny medarbejder', en: 'Equipment for a new employee' },
        description: { da: 'Vælg udstyret sammen med lederen.', en: 'Choose the equipment with the manager.' },
      } as Template);
    });
    await app.post({ ...aPersonalMessage(EMMA, 'skabelon'), locale: 'da-DK' });
    const intakeKey = 'teams:a:personal-29:emma:aad-emma';
    const intake = await intakeOf(app, EMMA);
    expect(intake.step).toBe('template');

    const form = await pickTemplate(app, EMMA, intake.draftId, 'new-employee-kit');
    const text = JSON.stringify(form);
    expect(text).toContain('Bestil udstyr');
    expect(text).toContain('Startet fra skabelonen \\"Ny medarbejder: udstyr efter behov\\"');
    const quantities = walk(form).filter((n) => typeof n['id'] === 'string' && String(n['id']).startsWith('qty.'));
    expect(quantities.length).toBeGreaterThan(5);
    expect(quantities.filter((n) => n['value'] !== undefined)).toEqual([]);
    expect(await app.app.services.store.getConversation(intakeKey)).toBeNull();
    const draft = await orderDraft(app, EMMA);
    expect(draft).toMatchObject({ quantities: {}, forWhom: 'self', note: 'Vælg udstyret sammen med lederen.' });
    expect(draft?.onBehalf).toBeUndefined();

    // The items are chosen as in any order; the details say "for me".
    const details = await click(app, EMMA, {
      verb: 'order_items',
      draft: draft?.draftId,
      'qty.dock-thinkpad-usb-c': '2',
    });
    expect(input(details, 'forWhom')?.['value']).toBe('self');
  });

  it("marks the templates that open the order form in the template step's list and says what the others do (English, Danish)", async () => {
    const app = await start();
    /** What the bot sent `user` after `text` in their chat with it (the template step's card). */
    const templateStep = (user: TestUser, text: string) => sent(app, user, text);
    /** The template list's choices: template id → the title shown. */
    const choices = (cards: Json[]) => {
      const list = walk(cards).find((n) => n['id'] === 'templateId' && n['type'] === 'Input.ChoiceSet');
      return Object.fromEntries(
        ((list?.['choices'] ?? []) as { title: string; value: string }[]).map((c) => [c.value, c.title]),
      );
    };

    const en = await templateStep(JONAS, 'template');
    expect(choices(en)).toMatchObject({
      'new-employee-laptop': 'New employee: standard laptop (opens the order form)',
      'exam-printing-down': 'Exam printing down',
      'mfa-reset-staff': expect.not.stringContaining('order form'),
    });
    const enText = JSON.stringify(en);
    expect(enText).toContain('One marked \\"opens the order form\\" opens the equipment order form, pre-filled');
    expect(enText).toContain('the others fill in area, priority, group and title, then the usual questions follow');

    const da = await templateStep(EMMA, 'skabelon');
    expect(choices(da)).toMatchObject({
      'new-employee-laptop': 'Ny medarbejder: standard-bærbar (åbner bestillingsformularen)',
      'exam-printing-down': 'Eksamensprint virker ikke',
    });
    const daText = JSON.stringify(da);
    expect(daText).toContain('En markeret \\"åbner bestillingsformularen\\" åbner formularen til bestilling af udstyr');
    expect(daText).toContain('de andre udfylder område, prioritet, gruppe og titel');
  });

  it('takes a template typed as the list shows it, "(opens the order form)" and all (English, Danish)', async () => {
    const app = await start();
    /** What the bot sent `user` after `text` in their chat with it, as one string. */
    const say = async (user: TestUser, text: string) => JSON.stringify(await sent(app, user, text));
    await say(JONAS, 'template');
    const en = await say(JONAS, 'New employee: standard laptop (opens the order form)');
    expect(en).not.toContain('Please choose one of the options');
    expect(en).toContain('order_items');
    expect(await orderDraft(app, JONAS)).toMatchObject({ quantities: { [LAPTOP]: 1 } });

    await say(EMMA, 'skabelon');
    const da = await say(EMMA, 'ny medarbejder: standard-bærbar (åbner bestillingsformularen)');
    expect(da).not.toContain('Vælg venligst en af mulighederne');
    expect(da).toContain('order_items');
    expect(await orderDraft(app, EMMA)).toMatchObject({ quantities: { [LAPTOP]: 1 } });
  });

  it('keeps registering a plain case from a template in another category', async () => {
    const app = await start();
    const card = await click(app, JONAS, { verb: 'intake_start', templateId: 'mfa-reset-staff' });
    expect(JSON.stringify(card)).not.toContain('order_items');
    expect(await orderDraft(app, JONAS)).toBeUndefined();
    const intake = await intakeOf(app, JONAS);
    expect(intake).toMatchObject({
      mode: 'template',
      template: { id: 'mfa-reset-staff' },
      categoryId: 'account-password',
    });
  });

  it('keeps the person when staff ask for a template in a case for someone: "template" written, or the contact step\'s "From a template"', async () => {
    const app = await start();
    await sent(app, ANNA, 'hello');
    const intake = () => intakeOf(app, JONAS);
    /** What the bot wrote back to Jonas after `text` in his chat. */
    const say = async (text: string) => JSON.stringify(await sent(app, JONAS, text));

    // Written in chat: "new for …", then "template"; the laptop template then opens the order for Anna.
    const contact = await say('new for anna.employee@au.dk');
    expect(contact).toContain('How did Anna Employee contact us?');
    expect(contact).toContain('From a template');
    const templates = await say('template');
    expect(templates).toContain('Started over from a template, still for Anna Employee');
    expect(await intake()).toMatchObject({ mode: 'template', onBehalf: { user: { email: 'anna.employee@au.dk' } } });
    await say('phone');
    const atTemplate = await intake();
    expect(atTemplate.step).toBe('template');
    const form = await pickTemplate(app, JONAS, atTemplate.draftId, 'new-employee-laptop');
    expect(input(form, `qty.${LAPTOP}`)).toMatchObject({ value: 1 });
    expect(await orderDraft(app, JONAS)).toMatchObject({
      forWhom: 'on_behalf',
      onBehalf: { query: 'anna.employee@au.dk' },
      template: { id: 'new-employee-laptop' },
    });
    await click(app, JONAS, { verb: 'order_cancel', draft: (await orderDraft(app, JONAS))?.draftId });

    // The contact step's button (with the contact chosen there), then a template in another category: Anna's case.
    await say('ny for anna.employee@au.dk');
    const button = await click(app, JONAS, { verb: 'intake_start', mode: 'template', intakeChannel: 'desk' });
    expect(JSON.stringify(button)).toContain('Pick a template');
    expect(await intake()).toMatchObject({
      step: 'template',
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'desk' },
    });
    await pickTemplate(app, JONAS, (await intake()).draftId, 'mfa-reset-staff');
    expect(await intake()).toMatchObject({
      template: { id: 'mfa-reset-staff' },
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'desk' },
    });
  });

  it('a "From a template" clicked on the contact card of an earlier draft is for that draft\'s person, not for nobody or another', async () => {
    const app = await start();
    await sent(app, ANNA, 'hello');
    const intake = () => intakeOf(app, JONAS);
    /** The cards the bot sent Jonas after `text` in his chat. */
    const say = (text: string) => sent(app, JONAS, text);
    // Anna's contact card: its "From a template" button, as Teams sends it with the contact chosen (desk).
    const annas = walk(await say('new for anna.employee@au.dk')).find(
      (n) => n['type'] === 'Action.Execute' && (n['data'] as Json | undefined)?.['mode'] === 'template',
    );
    expect(annas).toBeDefined();
    const button = { ...(annas?.['data'] as Json), verb: annas?.['verb'] ?? 'intake_start', intakeChannel: 'desk' };

    // Her draft is cancelled; the button, clicked later from the card still in the chat, is still for Anna.
    await say('cancel');
    expect(JSON.stringify(await click(app, JONAS, button))).toContain('Pick a template');
    expect(await intake()).toMatchObject({
      step: 'template',
      onBehalf: { user: { email: 'anna.employee@au.dk' }, channel: 'desk' },
    });

    // A draft for Emma is open; Anna's button is for Anna, not Emma.
    await say('new for emma.skov@au.dk');
    expect(await intake()).toMatchObject({ onBehalf: { user: { email: 'emma.skov@au.dk' } } });
    await click(app, JONAS, button);
    expect(await intake()).toMatchObject({ step: 'template', onBehalf: { user: { email: 'anna.employee@au.dk' } } });
    await pickTemplate(app, JONAS, (await intake()).draftId, 'new-employee-laptop');
    expect(await orderDraft(app, JONAS)).toMatchObject({
      forWhom: 'on_behalf',
      onBehalf: { query: 'anna.employee@au.dk' },
    });
  });

  it('does not start with a template naming an item the catalogue does not have: a config error listed with the others', async () => {
    const dataDir = await apps.dirs.make();
    const file = await catalogueWith(dataDir, (doc) => {
      const laptop = templatesOf(doc).find((x) => x.id === 'new-employee-laptop');
      laptop!.items = [{ id: 'laptop-thinkpad-t99', quantity: 1 }];
      const printing = templatesOf(doc).find((x) => x.id === 'exam-printing-down');
      printing!.categoryId = 'printer-nowhere';
    });
    const failed = await startTeamsApp({ dataDir, emails: EMAILS, env: { CATALOGUE_PATH: file } }).then(
      (app) => {
        apps.stopAfterTest(app);
        return undefined;
      },
      (err: unknown) => err,
    );
    expect(isAppError(failed, 'CATALOGUE.INVALID')).toBe(true);
    const problems = (failed as { details: { problems: string[] } }).details.problems;
    expect(problems).toEqual([
      expect.stringMatching(/^caseTemplates\[0\]\.items\[0\]\.id: no item with id "laptop-thinkpad-t99" \(line \d+/),
      expect.stringMatching(/^caseTemplates\[1\]\.categoryId: no category with id "printer-nowhere"/),
    ]);
  });
});
