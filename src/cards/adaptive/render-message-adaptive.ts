import messageTemplate from '../templates/message.json' with { type: 'json' };
import { paragraphs } from '../paragraphs.js';
import { truncate } from '../truncate.js';
import type { MessageView } from '../view-models.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { expandTemplate } from './adaptive-card.js';
import { renderCaseCardAdaptive } from './render-case-card-adaptive.js';
import { executeData, renderFormAdaptive } from './render-form-adaptive.js';

/** Caps on message text (a paragraph, the title, a fact) that keep the card small. */
export const MESSAGE_LIMITS = { title: 300, paragraph: 4000, fact: 500 } as const;

/** Teams mentions need the bare user id; view models carry it platform-qualified (`teams:<id>`). */
function teamsUserId(id: string): string {
  return id.startsWith('teams:') ? id.slice('teams:'.length) : id;
}

/**
 * A personal message or prompt for Teams: optional @mention (with its `msteams.entities` entry), title,
 * paragraphs, facts, a form (inputs of every kind, refusal text under a refused input, submit buttons as
 * `Action.Execute`), buttons, an attached case card shown as an emphasised container, and an image (report chart)
 * stretched to the card's width under the facts.
 */
export function renderMessageAdaptive(view: MessageView): AdaptiveCard {
  const form = view.form ? renderFormAdaptive(view.form, view.locale) : undefined;
  const caseCard = view.caseCard ? renderCaseCardAdaptive(view.caseCard) : undefined;
  const mentions = view.mention
    ? [{ text: `<at>${view.mention.name}</at>`, id: teamsUserId(view.mention.id), name: view.mention.name }]
    : [];
  const data = {
    fallbackText: truncate(view.title ?? view.text, MESSAGE_LIMITS.title),
    mentions,
    title: truncate(view.title ?? '', MESSAGE_LIMITS.title),
    paragraphs: paragraphs(view.text).map((p) => truncate(p, MESSAGE_LIMITS.paragraph)),
    facts: (view.facts ?? []).map((f) => ({
      label: truncate(f.label, 100),
      value: truncate(f.value, MESSAGE_LIMITS.fact),
    })),
    form: {
      present: form !== undefined,
      id: view.form?.id ?? '',
      body: form?.body ?? [],
      actions: form?.actions ?? [],
    },
    caseCard: {
      present: caseCard !== undefined,
      body: caseCard?.body ?? [],
      actions: caseCard?.actions ?? [],
    },
    buttons: (view.actions ?? []).map(executeData),
    image: { present: view.image !== undefined, url: view.image?.url ?? '', alt: truncate(view.image?.alt ?? '', 200) },
  };
  return expandTemplate<AdaptiveCard>(messageTemplate, data);
}
