import { z } from 'zod';

/**
 * The catalogue file's schema (config/catalogue.yaml): the university's groups (escalation matrix), categories
 * with question guides and routing, priorities (impact x urgency), the business calendar, case templates,
 * quick-case templates and seed knowledge articles. Cross-references (group ids, category ids) are checked in
 * `loadCatalogue`, which reports every problem with its path.
 */
const id = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, 'use lower-case letters, digits, "-", "_" or "."');
export const localisedSchema = z.object({ da: z.string().min(1), en: z.string().min(1) }).strict();
export type Localised = z.infer<typeof localisedSchema>;

const email = z.string().email();
/** `"Name <e-mail>"` or a bare e-mail, as `{ email, name? }`. */
const memberEntry = z.string().transform((raw, ctx) => {
  const named = /^\s*([^<>]*?)\s*<\s*([^<>\s]+)\s*>\s*$/.exec(raw);
  const address = (named ? named[2] : raw.trim()) ?? '';
  if (!email.safeParse(address).success) {
    ctx.addIssue({ code: 'custom', message: 'use an e-mail address or "Name <e-mail>"' });
    return z.NEVER;
  }
  const name = named?.[1]?.trim();
  return name ? { email: address, name } : { email: address };
});
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM, 24-hour');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use YYYY-MM-DD');

export const FACULTIES = ['arts', 'bss', 'he', 'st'] as const;
export type Faculty = (typeof FACULTIES)[number];

export const groupSchema = z
  .object({
    id,
    level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    name: localisedSchema,
    faculty: z.enum(FACULTIES).optional(),
    /** 1st level: a helpdesk; `external` for another directorate a case can be handed to. */
    areas: z.array(z.string().min(1)).default([]),
    supervisor: z.object({ name: z.string().min(1), email }).strict(),
    /** E-mails, each optionally with the person's name: `"Emma Skov <emma.skov@au.dk>"` (see `memberNames`). */
    members: z.array(memberEntry).default([]),
    channels: z
      .object({
        teams: z
          .object({ teamId: z.string().min(1), channelId: z.string().min(1) })
          .strict()
          .optional(),
        slack: z
          .object({ channelId: z.string().min(1) })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict()
  .transform(({ members, ...group }) => {
    const named = members.filter((m) => m.name !== undefined);
    return {
      ...group,
      members: members.map((m) => m.email),
      ...(named.length > 0
        ? { memberNames: Object.fromEntries(named.map((m) => [m.email.toLowerCase(), m.name as string])) }
        : {}),
    };
  });
/**
 * A group as loaded: `members` are e-mails; `memberNames` maps a member's lower-cased e-mail to the name written
 * with it in the catalogue (assign menus and the staff directory show it; without one, the e-mail).
 */
export type Group = Omit<z.output<typeof groupSchema>, 'memberNames'> & { memberNames?: Record<string, string> };

export const QUESTION_KINDS = ['text', 'choice', 'date', 'yes_no'] as const;
/**
 * The keys an intake step's button carries beside the answers (cards/card-actions takes them off a submission and
 * reads the rest as answers): a question with one of these ids would have its answer dropped or overwritten.
 */
export const RESERVED_QUESTION_IDS: readonly string[] = ['verb', 'draft', 'step', 'values'];
/**
 * The block id of the buttons in the Slack report form (the intake's modal, bot/slack/slack-modals), which shows a
 * question as an input block whose block id is the question's id: a question with this id would be a second block
 * of that id, and Slack refuses such a view (`invalid_blocks`), so the form could not show it.
 */
export const SLACK_INTAKE_ACTIONS_BLOCK = 'intake_actions';
/**
 * What the Slack report form sends with its Cancel when the modal was closed (`{ closed: true }`, which keeps a
 * report with answers): Slack sends a form's inputs with every button, and a yes/no question's ticked box comes as
 * `true` under its id, so a yes/no question of this id would make the red Cancel keep the report as if closed.
 * Another kind of question sends text, which is harmless.
 */
export const FORM_CLOSED_KEY = 'closed';
/**
 * The key the intake's start buttons carry for a staff path (`{ mode: 'quick' }`, see services/intake/intake-engine),
 * and its values. An answer is read as a start too: a turn on a draft that has expired restarts the report with the
 * form's inputs beside the button (Slack and Teams send them with every button), so a question of this id answered
 * with one of these words turned a staff member's restarted report into that path, its answers gone. Only a text
 * question, or a choice question offering one of them, can send them; `note` and `pick`, which the quick cases'
 * buttons carry too, are read only beside a quick case's id, which no form showing a question sends.
 */
export const START_MODE_KEY = 'mode';
export const START_MODES: readonly string[] = ['on_behalf', 'quick', 'template'];
export const questionSchema = z
  .object({
    id: id.refine((v) => !RESERVED_QUESTION_IDS.includes(v), {
      message: `is a word the bot's forms use for themselves; choose another question id (not ${RESERVED_QUESTION_IDS.join(', ')})`,
    }),
    kind: z.enum(QUESTION_KINDS),
    label: localisedSchema,
    help: localisedSchema.optional(),
    required: z.boolean().default(true),
    options: z.array(z.object({ value: id, label: localisedSchema }).strict()).optional(),
    /** text: maximum length (default 2000). */
    maxLength: z.number().int().positive().max(20_000).optional(),
    /**
     * The wording when staff register on someone's behalf ("Which faculty does {name} belong to?"): `{name}` is
     * the person's name. Without it the question is asked as written.
     */
    onBehalf: z.object({ label: localisedSchema, help: localisedSchema.optional() }).strict().optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.id === SLACK_INTAKE_ACTIONS_BLOCK) {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `is the block id of the buttons in the bot's Slack report form, so Slack would refuse the form showing this question (two blocks of one id); choose another question id`,
      });
    }
    if (q.id === FORM_CLOSED_KEY && q.kind === 'yes_no') {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `a yes/no question may not be called "${FORM_CLOSED_KEY}": in Slack its ticked box is sent as "${FORM_CLOSED_KEY}: true", which the bot takes for the report form being closed, so Cancel would keep the report instead of discarding it; choose another question id`,
      });
    }
    const modeWords = START_MODES.map((v) => `"${v}"`).join(', ');
    if (q.id === START_MODE_KEY && q.kind === 'text') {
      ctx.addIssue({
        code: 'custom',
        path: ['id'],
        message: `a text question may not be called "${START_MODE_KEY}": its answer is sent as "${START_MODE_KEY}", the key the bot's start buttons use for staff, so ${modeWords} written in it, after a draft expired, would turn a staff member's restarted report into quick cases, templates or a case for someone else, its answers gone; choose another question id`,
      });
    }
    const modeOption = q.options?.findIndex((o) => START_MODES.includes(o.value)) ?? -1;
    if (q.id === START_MODE_KEY && q.kind === 'choice' && modeOption >= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['options', modeOption, 'value'],
        message: `a choice question called "${START_MODE_KEY}" may not offer ${modeWords}: its answer is sent as "${START_MODE_KEY}", the key the bot's start buttons use for staff, so this option, chosen after a draft expired, would turn a staff member's restarted report into that staff path, its answers gone; choose another question id or option value`,
      });
    }
    if (q.kind === 'choice' && (!q.options || q.options.length < 2)) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs at least two options' });
    }
    if (q.kind !== 'choice' && q.options) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `options are only for choice questions, not ${q.kind}`,
      });
    }
  });
export type Question = z.infer<typeof questionSchema>;

export const LEVEL_VALUES = ['high', 'medium', 'low'] as const;
const level = z.enum(LEVEL_VALUES);

export const categorySchema = z
  .object({
    id,
    name: localisedSchema,
    type: z.enum(['incident', 'service_request']),
    keywords: z.object({ da: z.array(z.string().min(1)), en: z.array(z.string().min(1)) }).strict(),
    /** Default impact when the user is not asked (urgency is always asked). */
    impact: level.default('medium'),
    routing: z
      .object({
        /** The 1st-level helpdesk per faculty; `default` when the faculty is unknown. */
        firstLevel: z
          .object({ default: id, arts: id.optional(), bss: id.optional(), he: id.optional(), st: id.optional() })
          .strict(),
        /** The group that gets it on functional escalation (2nd or 3rd level). */
        escalateTo: id,
        /** Per-faculty override of `escalateTo`, e.g. hardware goes to the faculty's own back desk first. */
        escalateByFaculty: z
          .object({ arts: id.optional(), bss: id.optional(), he: id.optional(), st: id.optional() })
          .strict()
          .optional(),
        /** Send new cases straight to this group instead of the 1st-level helpdesk (e.g. purchasing). */
        directTo: z
          .object({ default: id, arts: id.optional(), bss: id.optional(), he: id.optional(), st: id.optional() })
          .strict()
          .optional(),
      })
      .strict(),
    questions: z.array(questionSchema).default([]),
  })
  .strict();
export type Category = z.infer<typeof categorySchema>;

const priorityName = z.enum(['P1', 'P2', 'P3', 'P4']);
export const priorityDefSchema = z
  .object({
    name: localisedSchema,
    /** Business minutes to first response. */
    responseMinutes: z.number().int().positive(),
    /** Business minutes to resolution. */
    resolutionMinutes: z.number().int().positive(),
    /** Count the clock around the clock (24/7) instead of business hours. */
    aroundTheClock: z.boolean().default(false),
    /**
     * An urgent priority (PROCESS.md step 4): a case registered with it pings the holding group's supervisor
     * directly. When no level sets it, the top priority (P1) pings; once any level sets it, only those set `true`.
     */
    pingSupervisor: z.boolean().optional(),
  })
  .strict();

export const prioritiesSchema = z
  .object({
    /** matrix[impact][urgency] = priority. */
    matrix: z
      .object({
        high: z.record(level, priorityName),
        medium: z.record(level, priorityName),
        low: z.record(level, priorityName),
      })
      .strict(),
    levels: z
      .object({ P1: priorityDefSchema, P2: priorityDefSchema, P3: priorityDefSchema, P4: priorityDefSchema })
      .strict(),
  })
  .strict();
export type Priorities = z.infer<typeof prioritiesSchema>;

export const calendarSchema = z
  .object({
    /** ISO weekdays that are business days: 1 = Monday … 7 = Sunday. */
    workdays: z.array(z.number().int().min(1).max(7)).min(1),
    start: hhmm,
    end: hhmm,
    /** Include Danish public holidays (incl. the Easter-dependent ones, Christmas Eve, New Year's Eve). */
    danishHolidays: z.boolean().default(true),
    /** Further closed days. */
    extraClosedDays: z.array(isoDate).default([]),
  })
  .strict()
  .refine((c) => c.start < c.end, { message: 'start must be before end', path: ['end'] });
export type CalendarConfig = z.infer<typeof calendarSchema>;

/**
 * A catalogue item a template in the orders' category pre-selects on the order form (`items` of the catalogue, by
 * id), and how many: a whole number from 1 to 50 (the order form's limit), default 1.
 */
export const templateItemSchema = z
  .object({
    id,
    quantity: z.number().int().min(1).max(50).default(1),
  })
  .strict();

/**
 * A case template (staff: "skabelon"). One whose `categoryId` is the orders' category (`orders.categoryId`, while
 * the catalogue has `items`) opens the order form instead of the case questions, pre-filled with its `items` and its
 * description; `items` are allowed only there (checked with the other references).
 */
export const caseTemplateSchema = z
  .object({
    id,
    name: localisedSchema,
    categoryId: id,
    priority: priorityName,
    groupId: id.optional(),
    title: localisedSchema,
    description: localisedSchema.optional(),
    items: z.array(templateItemSchema).min(1).optional(),
  })
  .strict();
export type CaseTemplate = z.infer<typeof caseTemplateSchema>;

export const quickCaseSchema = z
  .object({
    id,
    name: localisedSchema,
    categoryId: id,
    title: localisedSchema,
    solution: localisedSchema,
  })
  .strict();
export type QuickCaseTemplate = z.infer<typeof quickCaseSchema>;

export const seedArticleSchema = z
  .object({
    id,
    locale: z.enum(['da', 'en']),
    categoryId: id.optional(),
    title: z.string().min(1),
    body: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type SeedArticle = z.infer<typeof seedArticleSchema>;

export const slaRungsSchema = z
  .object({
    /** Share of a response/resolution target used when the assignee (or the group) is reminded; default 0.75. */
    reminderAt: z.number().gt(0).lt(1).default(0.75),
    /** Ping the group when the case is still unclaimed this many minutes after registration (24/7 priorities count elapsed minutes); unset = no ping. */
    unclaimedPingMinutes: z.number().int().positive().optional(),
    /** Business hours in Awaiting user before the user is reminded; default 16 (two business days). */
    awaitingUserReminderHours: z.number().positive().default(16),
    /** Business hours in Awaiting user before the assignee is proposed to resolve or close; default 40. */
    awaitingUserProposalHours: z.number().positive().default(40),
    /** Business days a resolved case waits for the user's answer before it is closed automatically; default 5. */
    autoCloseBusinessDays: z.number().int().positive().default(5),
  })
  .strict()
  .refine((r) => r.awaitingUserProposalHours > r.awaitingUserReminderHours, {
    message: 'the proposal must come after the reminder',
    path: ['awaitingUserProposalHours'],
  });
export type SlaRungs = z.infer<typeof slaRungsSchema>;

/**
 * The escalation ladder and daily follow-up (issue 7). Every field has a default, so a catalogue without an
 * `sla` section gets: reminder at 75 %, unclaimed pings after 15 (P1) and 60 (P2) minutes, user reminder after
 * 16 and proposal after 40 business hours in Awaiting user, auto-close 5 business days after resolution, and a
 * digest at 08:30 listing cases without activity for 3 days.
 */
export const slaSchema = z
  .object({
    /** The name of the system actor on escalations and history entries the ladder writes. */
    botName: z.string().min(1).default('AU IT Support-bot'),
    ladder: z
      .object({
        P1: slaRungsSchema.prefault({ unclaimedPingMinutes: 15 }),
        P2: slaRungsSchema.prefault({ unclaimedPingMinutes: 60 }),
        P3: slaRungsSchema.prefault({}),
        P4: slaRungsSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    digest: z
      .object({
        /** Local time (TIME_ZONE) on business days when 1st-level groups get their digest. */
        time: hhmm.default('08:30'),
        /** Open cases without activity for this many business days are listed. */
        inactivityDays: z.number().int().positive().default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict();
export type SlaConfig = z.infer<typeof slaSchema>;

/**
 * The monthly report (issue 8): posted on the first business day of the month, at `time` (TIME_ZONE), in the
 * channel of `channelGroupId`; covering `groupId` or, when absent, every group. No `channelGroupId`, no post.
 */
export const reportsSchema = z
  .object({
    channelGroupId: id.optional(),
    groupId: id.optional(),
    time: hhmm.default('08:00'),
  })
  .strict();
export type ReportsConfig = z.infer<typeof reportsSchema>;

/** Data protection: closed cases older than `closedCaseMonths` months are anonymised (figures kept); default 24. */
export const retentionSchema = z
  .object({
    closedCaseMonths: z.number().int().positive().max(1200).default(24),
    /**
     * Days a delivered chat message's copy stays in the outbox (its text names people; the delivery itself is
     * done). At least 7: a week covers every retry and follow-up that looks a sent message up again.
     */
    deliveredMessageDays: z.number().int().min(7).max(3650).default(30),
  })
  .strict();
export type RetentionConfig = z.infer<typeof retentionSchema>;

/** What a catalogue item is, for grouping on the order form and in reports. */
export const ITEM_KINDS = [
  'laptop',
  'desktop',
  'dock',
  'screen',
  'headset',
  'keyboard_mouse',
  'software',
  'other',
] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/**
 * A standard item of the equipment catalogue (issue 11): price in DKK (excl. VAT), and either `inStock: true`
 * (delivered from the purchasing desk's stock) or `leadTimeBusinessDays` (ordered from the vendor), never both.
 */
export const itemSchema = z
  .object({
    id,
    kind: z.enum(ITEM_KINDS),
    name: localisedSchema,
    description: localisedSchema,
    priceDkk: z.number().positive().max(1_000_000),
    inStock: z.literal(true).optional(),
    leadTimeBusinessDays: z.number().int().positive().max(250).optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    if (item.inStock === undefined && item.leadTimeBusinessDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['inStock'], message: 'give inStock: true or leadTimeBusinessDays' });
    }
    if (item.inStock !== undefined && item.leadTimeBusinessDays !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['leadTimeBusinessDays'],
        message: 'an item in stock has no lead time: give inStock or leadTimeBusinessDays, not both',
      });
    }
  });
export type CatalogueItem = z.infer<typeof itemSchema>;

/**
 * Equipment orders (issue 11). Defaults: orders above 10 000 DKK (and every special item) need the manager's
 * approval; the manager is reminded after 2 business days and the purchasing desk told after 4; stock items
 * are ready 2 business days after the order, special items are estimated at 20 business days.
 */
export const ordersSchema = z
  .object({
    /** The service-request category orders are registered in (routed to the faculty's Indkøb desk). */
    categoryId: id.default('purchase-equipment'),
    approvalThresholdDkk: z.number().nonnegative().default(10_000),
    approvalReminderBusinessDays: z.number().int().positive().max(60).default(2),
    approvalEscalateBusinessDays: z.number().int().positive().max(60).default(4),
    stockDeliveryBusinessDays: z.number().int().min(0).max(60).default(2),
    specialLeadTimeBusinessDays: z.number().int().positive().max(250).default(20),
  })
  .strict()
  .refine((o) => o.approvalEscalateBusinessDays > o.approvalReminderBusinessDays, {
    message: 'the purchasing desk must be told after the reminder',
    path: ['approvalEscalateBusinessDays'],
  });
export type OrdersConfig = z.infer<typeof ordersSchema>;

export const catalogueSchema = z
  .object({
    organisation: localisedSchema,
    /** E-mail addresses allowed to run data-protection admin commands (export, erase). */
    admins: z.array(email).default([]),
    groups: z.array(groupSchema).min(1),
    /** The what/where/who/when questions asked for every category before its own. */
    standardQuestions: z.array(questionSchema).min(1),
    categories: z.array(categorySchema).min(1),
    priorities: prioritiesSchema,
    calendar: calendarSchema,
    caseTemplates: z.array(caseTemplateSchema).default([]),
    quickCases: z.array(quickCaseSchema).default([]),
    articles: z.array(seedArticleSchema).default([]),
    /** SLA ladder and daily digest settings; defaults apply when absent. */
    sla: slaSchema.prefault({}),
    /** Monthly report channel and time; no report is posted without a channel group. */
    reports: reportsSchema.prefault({}),
    /** Retention of closed cases; default 24 months. */
    retention: retentionSchema.prefault({}),
    /** The equipment catalogue: standard items with price and stock or lead time. */
    items: z.array(itemSchema).default([]),
    /** Approval and delivery settings for equipment orders; defaults apply when absent. */
    orders: ordersSchema.prefault({}),
  })
  .strict();
export type Catalogue = z.infer<typeof catalogueSchema>;
