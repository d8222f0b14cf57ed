import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaseStore } from '../../models/case-store.js';
import type { Clock } from '../clock.js';
import { DAY_MS } from '../dates.js';

export const CHART_REF = 'reports.chart';
const SECRET_REF = 'reports.secret';
const TOKEN = /^[A-Za-z0-9_-]{32,64}$/;

export interface ReportLinksDeps {
  store: CaseStore;
  clock: Clock;
  /** The bot's public base URL (PUBLIC_URL); without it no link is made (Teams/Slack could not fetch it). */
  publicUrl?: string;
  /** How long a CSV link stays valid; default 90 days. */
  csvLinkDays?: number;
}

/**
 * Links to report files for chat messages, where there is no user session: chart PNGs are stored under a random
 * 256-bit id (the id is the capability), CSV downloads carry an expiry and an HMAC signature. The signing key is
 * made once and kept in the store, so every instance accepts every other instance's links.
 */
export class ReportLinks {
  private key?: Buffer;

  constructor(private readonly deps: ReportLinksDeps) {}

  get enabled(): boolean {
    return this.deps.publicUrl !== undefined;
  }

  /** Stores a rendered chart and returns its id and public URL (URL only when PUBLIC_URL is set). */
  async saveChart(png: Buffer, meta: { width: number; height: number }): Promise<{ id: string; url?: string }> {
    const id = randomBytes(32).toString('base64url');
    await this.deps.store.putRef(CHART_REF, id, {
      png: png.toString('base64'),
      width: meta.width,
      height: meta.height,
      createdAt: this.deps.clock.now().toISOString(),
    });
    return { id, ...(this.enabled ? { url: this.url(`/charts/${id}.png`) } : {}) };
  }

  /** The chart PNG for an id, or null for an unknown or malformed id. */
  async chart(id: string): Promise<Buffer | null> {
    if (!TOKEN.test(id)) return null;
    const ref = await this.deps.store.getRef(CHART_REF, id);
    return typeof ref?.png === 'string' ? Buffer.from(ref.png, 'base64') : null;
  }

  /** Deletes charts made before `before`; returns how many. */
  async pruneCharts(before: Date): Promise<number> {
    let pruned = 0;
    // Only each chart's time is read, not its image.
    for (const { key, value } of await this.deps.store.listRefs(CHART_REF, ['createdAt'])) {
      if (typeof value.createdAt !== 'string' || Date.parse(value.createdAt) < before.getTime()) {
        await this.deps.store.deleteRef(CHART_REF, key);
        pruned++;
      }
    }
    return pruned;
  }

  /** A signed download link for `/reports/<scope>/<month>.csv` (scope = group id or `all`). */
  async csvUrl(scope: string, month: string): Promise<string | undefined> {
    if (!this.enabled) return undefined;
    const exp = Math.floor(this.deps.clock.now().getTime() / 1000 + ((this.deps.csvLinkDays ?? 90) * DAY_MS) / 1000);
    const sig = await this.sign(`${scope}/${month}:${exp}`);
    return this.url(`/reports/${encodeURIComponent(scope)}/${month}.csv?exp=${exp}&sig=${sig}`);
  }

  /** The query string of a CSV link (`exp=…&sig=…`), for callers that build the URL themselves (tests). */
  async csvQuery(scope: string, month: string, exp: number): Promise<string> {
    return `exp=${exp}&sig=${await this.sign(`${scope}/${month}:${exp}`)}`;
  }

  /** True when the signature matches and the link has not expired. */
  async verifyCsv(scope: string, month: string, exp: string | undefined, sig: string | undefined): Promise<boolean> {
    if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
    if (Number(exp) * 1000 < this.deps.clock.now().getTime()) return false;
    const expected = Buffer.from(await this.sign(`${scope}/${month}:${exp}`));
    const given = Buffer.from(sig);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private url(path: string): string {
    return `${this.deps.publicUrl!.replace(/\/+$/, '')}${path}`;
  }

  private async sign(text: string): Promise<string> {
    return createHmac('sha256', await this.signingKey())
      .update(text)
      .digest('base64url');
  }

  private async signingKey(): Promise<Buffer> {
    if (this.key) return this.key;
    let ref = await this.deps.store.getRef(SECRET_REF, 'hmac');
    if (typeof ref?.key !== 'string') {
      const made = { key: randomBytes(32).toString('base64') };
      // Stored only if no other instance stored one meanwhile, then read back: all keep the one that was stored.
      // (A stored record without a key is replaced.)
      if (ref) await this.deps.store.putRef(SECRET_REF, 'hmac', made);
      else await this.deps.store.putRefIfAbsent(SECRET_REF, 'hmac', made);
      ref = await this.deps.store.getRef(SECRET_REF, 'hmac');
    }
    this.key = Buffer.from(String(ref?.key), 'base64');
    return this.key;
  }
}
