/** One element's state in a `view_submission` / `block_actions` payload (`state.values[block][action]`). */
export interface SlackElementState {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
  selected_date?: string | null;
  selected_time?: string | null;
  selected_user?: string | null;
  selected_users?: string[] | null;
  selected_conversation?: string | null;
  selected_channel?: string | null;
}

export type SlackStateValues = Record<string, Record<string, SlackElementState>>;

/**
 * Flattens submitted Block Kit state into input id → value (the renderers give every input `action_id` = input
 * id). Text and number inputs give their string, selects the option value, date pickers the date, the yes/no
 * checkbox `true`/`false`, user pickers `slack:<user>`. Untouched inputs are left out, so optional fields stay
 * absent instead of arriving as empty strings.
 */
export function flattenStateValues(values: SlackStateValues | undefined): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (const block of Object.values(values ?? {})) {
    for (const [actionId, el] of Object.entries(block)) {
      const v = elementValue(el);
      if (v !== undefined) out[actionId] = v;
    }
  }
  return out;
}

function elementValue(el: SlackElementState): string | boolean | undefined {
  switch (el.type) {
    case 'checkboxes':
      return (el.selected_options ?? []).some((o) => o.value === 'true' || o.value === 'yes');
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return el.selected_option?.value ?? undefined;
    case 'datepicker':
      return el.selected_date ?? undefined;
    case 'timepicker':
      return el.selected_time ?? undefined;
    case 'users_select':
      return el.selected_user ? `slack:${el.selected_user}` : undefined;
    case 'conversations_select':
      return el.selected_conversation ?? undefined;
    case 'channels_select':
      return el.selected_channel ?? undefined;
    default: {
      if (el.selected_option) return el.selected_option.value;
      const v = el.value;
      return typeof v === 'string' && v.trim() !== '' ? v : undefined;
    }
  }
}
