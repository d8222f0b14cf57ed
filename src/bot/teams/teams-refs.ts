import type { ConversationReference } from '@microsoft/agents-activity';
import { z } from 'zod';
import type { CaseStore } from '../../models/case-store.js';

/** `CaseStore` ref kinds used by the Teams transport. */
export const REF_KINDS = {
  /** Per person id (`teams:<aad>`): their personal conversation and what Teams told us about them. */
  person: 'teams.ref',
  /** Per group id: the team channel its case cards go to (captured at install when it matches the catalogue). */
  channel: 'teams.channel',
  /** Per tenant id: the service URL Teams last used, for conversations the bot starts itself. */
  tenant: 'teams.tenant',
} as const;

const reference = z
  .object({
    channelId: z.string(),
    serviceUrl: z.string(),
    conversation: z.object({ id: z.string() }).loose(),
    user: z.object({ id: z.string() }).loose().optional(),
    agent: z.object({ id: z.string() }).loose().nullish(),
    activityId: z.string().optional(),
    locale: z.string().optional(),
  })
  .loose();

const personRef = z.object({
  /** Teams user id (`29:…`) in the bot's conversations. */
  userId: z.string(),
  aadObjectId: z.string().optional(),
  tenantId: z.string().optional(),
  name: z.string(),
  email: z.string().optional(),
  upn: z.string().optional(),
  givenName: z.string().optional(),
  surname: z.string().optional(),
  locale: z.string().optional(),
  /** The personal (1:1) conversation, once the person wrote or installed the app. */
  reference: reference.optional(),
  /** The service URL seen with this person (also without a personal conversation). */
  serviceUrl: z.string().optional(),
  updatedAt: z.string(),
});

const channelRef = z.object({
  teamId: z.string(),
  channelId: z.string(),
  serviceUrl: z.string(),
  tenantId: z.string().optional(),
  teamName: z.string().optional(),
  capturedAt: z.string(),
});

const tenantRef = z.object({ serviceUrl: z.string(), updatedAt: z.string() });

export type TeamsPersonRef = z.infer<typeof personRef>;
export type TeamsChannelRef = z.infer<typeof channelRef>;

/**
 * Durable Teams addressing data on top of `CaseStore.putRef`: conversation references (needed for proactive
 * messages), channel bindings captured at install, and per-tenant service URLs. Records that fail to parse are
 * treated as absent (they are rewritten on the next activity).
 */
export class TeamsRefs {
  constructor(private readonly store: CaseStore) {}

  async person(personId: string): Promise<TeamsPersonRef | null> {
    const raw = await this.store.getRef(REF_KINDS.person, personId);
    const parsed = personRef.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  /** Merges what is known about a person into their record (fields not given are kept). */
  async savePerson(
    personId: string,
    patch: Omit<Partial<TeamsPersonRef>, 'updatedAt'> & { userId: string; name: string },
    now: Date,
  ): Promise<TeamsPersonRef> {
    const previous = await this.person(personId);
    const next: TeamsPersonRef = { ...(previous ?? {}), ...stripUndefined(patch), updatedAt: now.toISOString() };
    await this.store.putRef(REF_KINDS.person, personId, next as unknown as Record<string, unknown>);
    return next;
  }

  async people(): Promise<{ personId: string; ref: TeamsPersonRef }[]> {
    const rows = await this.store.listRefs(REF_KINDS.person);
    return rows.flatMap((r) => {
      const parsed = personRef.safeParse(r.value);
      return parsed.success ? [{ personId: r.key, ref: parsed.data }] : [];
    });
  }

  async channel(groupId: string): Promise<TeamsChannelRef | null> {
    const parsed = channelRef.safeParse(await this.store.getRef(REF_KINDS.channel, groupId));
    return parsed.success ? parsed.data : null;
  }

  async saveChannel(groupId: string, ref: TeamsChannelRef): Promise<void> {
    await this.store.putRef(REF_KINDS.channel, groupId, stripUndefined(ref) as Record<string, unknown>);
  }

  async serviceUrl(tenantId: string | undefined): Promise<string | undefined> {
    const parsed = tenantRef.safeParse(await this.store.getRef(REF_KINDS.tenant, tenantId ?? 'default'));
    return parsed.success ? parsed.data.serviceUrl : undefined;
  }

  async saveServiceUrl(tenantId: string | undefined, serviceUrl: string, now: Date): Promise<void> {
    const record = { serviceUrl, updatedAt: now.toISOString() };
    await this.store.putRef(REF_KINDS.tenant, tenantId ?? 'default', record);
    if (tenantId) await this.store.putRef(REF_KINDS.tenant, 'default', record);
  }
}

/** A stored reference as the SDK type (the stored shape is a loose superset). */
export function asConversationReference(ref: NonNullable<TeamsPersonRef['reference']>): ConversationReference {
  return ref as unknown as ConversationReference;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
