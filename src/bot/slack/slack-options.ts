import type { App } from '@slack/bolt';
import type { PlainTextOption } from '@slack/types';
import { formInputId, menuField } from '../../cards/case-forms.js';
import { caseMenuOptions } from '../../cards/slack/render-case-card-blocks.js';
import { inputOptions, isCategoryInput } from '../../cards/slack/slack-inputs.js';
import type { MenuView } from '../../cards/view-models.js';
import { MANAGER_TARGET } from '../../services/case-view.js';
import { SLACK_LIMITS } from '../../cards/slack/slack-text.js';
import { searchAssignOptions } from '../../services/lifecycle/group-people.js';
import { arrivalOf, type SlackContext } from './slack-context.js';
import { CALLBACK, type CaseFormMeta } from './slack-modals.js';
import { type BlockSuggestionBody, blockSuggestionBodySchema, parseMetadata } from './slack-payloads.js';
import { fieldOf } from './slack-escalation.js';
import { questionMenuOptions } from './slack-question-menus.js';
import { searchChoices, searchTyped } from './slack-search.js';

/** The card's assign menu: `assign`, or `assign#2` … when `uniqueActionIds` had to number it. */
const CARD_ASSIGN_ACTION = /^assign(#\d+)?$/;
/** The card's menus block: `case|<case id>|<version>|menus` (`caseBlockId`). */
const CARD_BLOCK = /^case\|([^|]{1,100})\|(\d{1,9})\|/;
/** The assign form's choice input in a case-form modal: namespaced (`caseFormFor`) or plain (an `open_form`'s). */
const FORM_ASSIGN_INPUTS: ReadonlySet<string> = new Set([formInputId('assign', 'assigneeEmail'), 'assigneeEmail']);

/** Which searched menu asked: a case card's assign menu (rendered from `version`) or the assign form's input. */
type AssignMenu = { kind: 'card'; caseId: string; version: number } | { kind: 'form'; caseId: string };

function assignMenuOf(body: {
  action_id: string;
  block_id: string;
  view?: { callback_id?: string | undefined; private_metadata?: string | undefined } | undefined;
}): AssignMenu | undefined {
  if (CARD_ASSIGN_ACTION.test(body.action_id)) {
    const card = cardMenuOf(body);
    return card && { kind: 'card', caseId: card.caseId, version: card.version };
  }
  const form = FORM_ASSIGN_INPUTS.has(body.action_id) ? caseFormOf(body.view) : undefined;
  return form && { kind: 'form', caseId: form.caseId };
}

/** A case-form modal's metadata and the case it was opened for (`CaseFormMeta.base`); undefined for any other view. */
function caseFormOf(
  view: { callback_id?: string | undefined; private_metadata?: string | undefined } | undefined,
): { caseId: string; meta: Partial<CaseFormMeta> } | undefined {
  if (view?.callback_id !== CALLBACK.caseForm) return undefined;
  const meta = parseMetadata(view.private_metadata) as Partial<CaseFormMeta> | undefined;
  const caseId = meta?.base?.['caseId'];
  return meta && typeof caseId === 'string' && caseId !== '' && caseId.length <= 100 ? { caseId, meta } : undefined;
}

/**
 * The options of a searched assign menu for one `block_suggestion`: the people of the case's current group whose
 * e-mail or name holds every word typed (`searchAssignOptions`, at most 100, the current assignee left out). A
 * card's menu gets `caseMenuOptions` of the card's case and version (chosen, it decodes like a static option; a
 * stale card gets "changed meanwhile"), the assign form's input gets plain e-mails (`inputOptions`). Staff only:
 * anyone else, an unknown case or group and any other or malformed request get no options.
 */
async function assignMenuOptions(
  ctx: SlackContext,
  request: BlockSuggestionBody,
  menu: AssignMenu,
): Promise<PlainTextOption[]> {
  const person = await ctx.person(request.user.id, request.user.name ?? request.user.username);
  if (!ctx.deps.isStaff(person)) return [];
  const found = await ctx.deps.store.getCase(menu.caseId);
  const group = found ? ctx.deps.catalogue.group(found.groupId) : undefined;
  if (!found || !group) return [];
  const exclude = found.assignee?.email;
  const people = searchAssignOptions(group, request.value, {
    limit: SLACK_LIMITS.options,
    ...(exclude ? { exclude } : {}),
  });
  if (menu.kind === 'form') return inputOptions(people);
  // The field of the card's assign menu (`presentCase`: id `assigneeEmail`).
  return caseMenuOptions(
    { verb: 'assign', caseId: menu.caseId, version: menu.version, field: 'assigneeEmail' },
    people,
  );
}

interface CaseMenuAt {
  verb: string;
  caseId: string;
  version: number;
}

/** A case card's menu (`case|<case id>|<version>|menus`): the verb is its action id, numbered or not (`verb#2`). */
function cardMenuOf(body: { action_id: string; block_id: string }): CaseMenuAt | undefined {
  const m = CARD_BLOCK.exec(body.block_id);
  if (!m) return undefined;
  return { verb: body.action_id.replace(/#\d+$/, ''), caseId: m[1]!, version: Number(m[2]) };
}

/**
 * The menu of `verb` on the case's card as the person sees it now (`refresh`: the choices the service offers them,
 * in their language). Staff only; none for anyone else, an unknown case or a card without that menu.
 */
async function freshCardMenu(
  ctx: SlackContext,
  request: BlockSuggestionBody,
  caseId: string,
  verb: string,
): Promise<MenuView | undefined> {
  const person = await ctx.person(request.user.id, request.user.name ?? request.user.username);
  if (!ctx.deps.isStaff(person)) return undefined;
  const seen = await ctx.deps.cases.act(person, { verb: 'refresh', caseId });
  return seen.ok ? seen.card.menus.find((m) => m.verb === verb) : undefined;
}

/**
 * The options of a case card menu with more choices than a static menu lists (an Escalate menu of over 100
 * groups, its manager choice last): the choices of the card's fresh menu whose label holds every word typed
 * (`searchChoices`), as `caseMenuOptions` of the card's case and version (chosen, it decodes like a static option).
 */
async function longCardMenuOptions(
  ctx: SlackContext,
  request: BlockSuggestionBody,
  at: CaseMenuAt,
): Promise<PlainTextOption[]> {
  const menu = await freshCardMenu(ctx, request, at.caseId, at.verb);
  // A menu of 100 choices or fewer is a static one on the card: nothing to search.
  if (!menu || menu.options.length <= SLACK_LIMITS.options) return [];
  const found = searchChoices(menu.options, request.value, SLACK_LIMITS.options);
  return caseMenuOptions({ ...at, field: menuField(menu) }, found);
}

/**
 * The options of the Escalate modal's group menu when it lists more groups than a static menu can
 * (`ESCALATION_GROUPS`): the groups of the card's fresh Escalate menu without the manager (the modal asks for the
 * manager apart), searched as typed, the value the group id as the static menu's.
 */
async function escalationGroupOptions(
  ctx: SlackContext,
  request: BlockSuggestionBody,
  caseId: string,
): Promise<PlainTextOption[]> {
  const menu = await freshCardMenu(ctx, request, caseId, 'escalate_group');
  const groups = (menu?.options ?? []).filter((o) => o.value !== MANAGER_TARGET);
  return inputOptions(searchChoices(groups, request.value, SLACK_LIMITS.options));
}

/**
 * The options of a category menu that lists more categories than a static menu can (`isCategoryInput`: the
 * Classify form's, the intake's): the catalogue's categories found by what was typed in their id, their names in
 * either language or a keyword (`searchTyped`, as every searched menu: anywhere, whatever the case and accents), in
 * catalogue order, named in the person's language, the value the category id as the static menu's. Anyone may
 * search them (the names are no secret; the form's submission is checked as ever).
 */
async function categoryMenuOptions(ctx: SlackContext, request: BlockSuggestionBody): Promise<PlainTextOption[]> {
  const person = await ctx.person(request.user.id, request.user.name ?? request.user.username);
  const locale = ctx.localeOf(person);
  const found = searchTyped(ctx.deps.catalogue.catalogue.categories, request.value, SLACK_LIMITS.options, (c) => [
    c.id,
    c.name.da,
    c.name.en,
    ...c.keywords.da,
    ...c.keywords.en,
  ]);
  return inputOptions(found.map((c) => ({ value: c.id, label: c.name[locale] })));
}

/**
 * The options for one `block_suggestion`: a category menu's, a searched assign menu's, another case card menu's
 * with more than 100 choices, the Escalate modal's group menu's, or a searched intake question's (the report
 * modal's, or one posted into the DM: a menu outside any modal that is no case card's); none for anything else.
 */
async function menuOptions(ctx: SlackContext, body: unknown): Promise<PlainTextOption[]> {
  const parsed = blockSuggestionBodySchema.safeParse(body);
  if (!parsed.success) return [];
  const request = parsed.data;
  if (isCategoryInput(request.action_id)) return categoryMenuOptions(ctx, request);
  const menu = assignMenuOf(request);
  if (menu) return assignMenuOptions(ctx, request, menu);
  const card = cardMenuOf(request);
  if (card) return longCardMenuOptions(ctx, request, card);
  const { view } = request;
  if (!view) return questionMenuOptions(ctx, request, 'dm');
  if (view.callback_id === CALLBACK.intake) return questionMenuOptions(ctx, request, 'modal');
  const form = caseFormOf(view);
  if (form?.meta.escalation && fieldOf(request.action_id) === 'groupId')
    return escalationGroupOptions(ctx, request, form.caseId);
  return [];
}

/**
 * Answers Slack's options requests (the app's "Options Load URL", the same `/slack/events`; in the manifest
 * `settings.interactivity.message_menu_options_url`) for the external_selects of large desks' assign menus, of
 * category menus with more categories than a static menu lists, of case card menus and the Escalate modal's group
 * menu with more than 100 choices, and of intake questions with more choices than one.
 * Always acknowledged within the deadline, never thrown: a failure or slow answer acknowledges no options
 * (logged), so the menu shows "no results" rather than an error.
 */
export function registerOptions(app: App, ctx: SlackContext): void {
  app.options<'block_suggestion'>({ type: 'block_suggestion' }, async ({ ack, body, context }) => {
    let options: PlainTextOption[] = [];
    try {
      const raced = await ctx.race(menuOptions(ctx, body), arrivalOf(context));
      if (raced.done) options = raced.value;
      else {
        ctx.log.warn('slack: menu options took too long; answered with none');
        raced.later.catch(() => undefined);
      }
    } catch (err) {
      ctx.log.warn({ err }, 'slack: menu options could not be loaded; answered with none');
    }
    await ack({ options });
  });
}
