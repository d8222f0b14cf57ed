import type { CatalogueIndex } from '../config/catalogue-index.js';
import type { Group } from '../config/catalogue-schema.js';
import type { Person } from '../models/case.js';
import type { Directory } from './ports/directory.js';

/**
 * The person the directory knows by this e-mail (trimmed, any case); else one addressed by the e-mail alone
 * (`email:<address>`), whom the outbox looks up again when the message goes out.
 */
export async function personByEmailIn(directory: Directory, email: string, name?: string): Promise<Person> {
  const wanted = email.trim().toLowerCase();
  const found = (await directory.search(wanted, 5)).find((p) => p.email?.toLowerCase() === wanted);
  return found ?? { id: `email:${wanted}`, name: name ?? wanted, email: wanted };
}

/** Turns `anna.jensen@au.dk` into `Anna Jensen` for people the catalogue names only by e-mail. */
export function nameFromEmail(email: string): string {
  const local = email.split('@')[0] ?? email;
  return local
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The staff the catalogue knows (supervisors with their names, members by e-mail), as `email:<address>` people.
 * Lets services name and reach staff who have not talked to the bot yet.
 */
export function catalogueDirectory(catalogue: CatalogueIndex): Directory {
  const people = new Map<string, Person>();
  for (const g of catalogue.catalogue.groups) {
    const sup = g.supervisor.email.toLowerCase();
    people.set(sup, { id: `email:${sup}`, name: g.supervisor.name, email: sup });
    for (const m of g.members) {
      const e = m.toLowerCase();
      const named = (g as Group).memberNames?.[e];
      const known = people.get(e);
      if (!known || (named && known.name === nameFromEmail(e))) {
        people.set(e, { id: `email:${e}`, name: named ?? nameFromEmail(e), email: e });
      }
    }
  }
  return {
    async lookup(personId) {
      if (!personId.startsWith('email:')) return null;
      return people.get(personId.slice('email:'.length).toLowerCase()) ?? null;
    },
    async search(query, limit = 10) {
      const q = query.trim().toLowerCase();
      if (!q) return [];
      return [...people.values()]
        .filter((p) => p.email === q || p.name.toLowerCase().includes(q) || (p.email ?? '').includes(q))
        .slice(0, limit);
    },
  };
}

/** Asks one directory; a directory that is down (e.g. Slack unreachable) counts as knowing nobody. */
async function ask<T>(fn: () => Promise<T>, fallback: T, onError?: (err: unknown) => void): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    onError?.(err);
    return fallback;
  }
}

/**
 * One Directory over several: platform directories answer for their own id prefix (`teams:`, `slack:`), and
 * every directory is asked by search; results are de-duplicated by e-mail, platform people first. A directory
 * that fails is skipped (reported through `onError`), so one platform being down never breaks the others.
 */
export function compositeDirectory(
  parts: { prefix?: string; directory: Directory }[],
  onError?: (err: unknown) => void,
): Directory {
  return {
    async lookup(personId) {
      for (const part of parts) {
        if (part.prefix && !personId.startsWith(part.prefix)) continue;
        const found = await ask(() => part.directory.lookup(personId), null, onError);
        if (found) return found;
      }
      return null;
    },
    async search(query, limit = 10) {
      const seen = new Set<string>();
      const out: Person[] = [];
      for (const part of parts) {
        for (const p of await ask(() => part.directory.search(query, limit), [] as Person[], onError)) {
          const key = (p.email ?? p.id).toLowerCase();
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(p);
        }
      }
      return out.slice(0, limit);
    },
    async managerOf(personId, told) {
      for (const part of parts) {
        if (part.prefix && !personId.startsWith(part.prefix)) continue;
        const m = await ask(
          async () => (await part.directory.managerOf?.(personId, told)) ?? null,
          null,
          (err) => {
            told?.unanswered?.();
            onError?.(err);
          },
        );
        if (m) return m;
      }
      return null;
    },
    forget(personIds, email) {
      for (const part of parts) {
        try {
          part.directory.forget?.(personIds, email);
        } catch (err) {
          onError?.(err);
        }
      }
    },
  };
}
