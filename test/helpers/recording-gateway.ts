import type { CaseCardView, MessageView } from '../../src/cards/view-models.js';
import type { CardRef, PersonRef, Platform } from '../../src/models/case.js';
import { type ChannelTarget, type ChatGateway, DeliveryError } from '../../src/services/ports/chat-gateway.js';

export type GatewayMethod = 'sendToPerson' | 'postCaseCard' | 'updateCaseCard' | 'replyInThread';

/** One call the gateway received, with its outcome; `messageId`/`conversationId` are what a success returned. */
export type RecordedCall = (
  | { method: 'sendToPerson'; person: PersonRef; message: MessageView; messageId?: string }
  | { method: 'postCaseCard'; target: ChannelTarget; card: CaseCardView; messageId?: string; conversationId?: string }
  | { method: 'updateCaseCard'; ref: CardRef; card: CaseCardView }
  | { method: 'replyInThread'; ref: CardRef; message: MessageView }
) & { ok: boolean; error?: unknown };

export type CallOf<M extends GatewayMethod> = Extract<RecordedCall, { method: M }>;

interface ScriptedFailure {
  error: unknown;
  method?: GatewayMethod;
}

interface Hold {
  method?: GatewayMethod;
  arrived: (call: { method: GatewayMethod }) => void;
  released: Promise<void>;
}

export interface RecordingGatewayOptions {
  /** Which person ids this gateway reaches; default: ids starting with `<platform>:`. */
  canReach?: (personId: string) => boolean;
}

/**
 * A `ChatGateway` for tests: records every call (failed ones too, with `ok: false`), returns fake message ids
 * (`<platform>-msg-1`, `-2`, …), and fails on a script (`failNext`) or holds a call until released (`hold`).
 * Use `delivered` (successful calls) to assert what users and channels actually got.
 */
export class RecordingGateway implements ChatGateway {
  readonly platform: Platform;
  /** Every call in order, successful or not. */
  readonly calls: RecordedCall[] = [];
  private readonly reach: (personId: string) => boolean;
  private readonly script: ScriptedFailure[] = [];
  private readonly holds: Hold[] = [];
  private seq = 0;

  constructor(platform: Platform, opts: RecordingGatewayOptions = {}) {
    this.platform = platform;
    this.reach = opts.canReach ?? ((id) => id.startsWith(`${platform}:`));
  }

  /** Successful calls only: what was really delivered. */
  get delivered(): RecordedCall[] {
    return this.calls.filter((c) => c.ok);
  }

  /** Successful calls of one method. */
  deliveredOf<M extends GatewayMethod>(method: M): CallOf<M>[] {
    return this.calls.filter((c): c is CallOf<M> => c.ok && c.method === method);
  }

  /** Every call of one method, failed ones included. */
  callsOf<M extends GatewayMethod>(method: M): CallOf<M>[] {
    return this.calls.filter((c): c is CallOf<M> => c.method === method);
  }

  /**
   * The next `n` calls (of `method`, or of any method) throw `error` (default: a transient `DeliveryError`).
   * Scripts queue up: `failNext(1, rateLimit).failNext(1, outage)` fails twice, in that order.
   */
  failNext(n: number, error: unknown = new DeliveryError('scripted failure'), method?: GatewayMethod): this {
    for (let i = 0; i < n; i++) this.script.push({ error, method });
    return this;
  }

  /** How many scripted failures have not fired yet. */
  get pendingFailures(): number {
    return this.script.length;
  }

  /**
   * Holds the next call (of `method`, or of any method) until `release()`: `arrived` resolves when the call
   * comes in, so a test can act while a delivery is in flight.
   */
  hold(method?: GatewayMethod): { arrived: Promise<void>; release: () => void } {
    let release!: () => void;
    let arrived!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const arrivedP = new Promise<void>((resolve) => {
      arrived = () => resolve();
    });
    this.holds.push({ method, arrived, released });
    return { arrived: arrivedP, release };
  }

  /** Forgets the recorded calls, scripts and holds. */
  reset(): void {
    this.calls.length = 0;
    this.script.length = 0;
    this.holds.length = 0;
  }

  canReach(personId: string): boolean {
    return this.reach(personId);
  }

  async sendToPerson(person: PersonRef, message: MessageView): Promise<{ messageId?: string }> {
    return this.run({ method: 'sendToPerson', person, message }, () => {
      const messageId = this.nextId();
      return [{ messageId }, { messageId }];
    });
  }

  async postCaseCard(
    target: ChannelTarget,
    card: CaseCardView,
  ): Promise<{ messageId: string; conversationId: string }> {
    return this.run({ method: 'postCaseCard', target, card }, () => {
      const messageId = this.nextId();
      const conversationId =
        this.platform === 'teams' ? `${target.channelId};messageid=${messageId}` : target.channelId;
      return [
        { messageId, conversationId },
        { messageId, conversationId },
      ];
    });
  }

  async updateCaseCard(ref: CardRef, card: CaseCardView): Promise<void> {
    return this.run({ method: 'updateCaseCard', ref, card }, () => [undefined, {}]);
  }

  async replyInThread(ref: CardRef, message: MessageView): Promise<void> {
    return this.run({ method: 'replyInThread', ref, message }, () => [undefined, {}]);
  }

  private nextId(): string {
    this.seq++;
    return `${this.platform}-msg-${this.seq}`;
  }

  private async run<T, C extends { method: GatewayMethod }>(
    call: C,
    succeed: () => [T, Partial<RecordedCall>],
  ): Promise<T> {
    const holdAt = this.holds.findIndex((h) => h.method === undefined || h.method === call.method);
    if (holdAt >= 0) {
      const [hold] = this.holds.splice(holdAt, 1);
      hold!.arrived(call);
      await hold!.released;
    }
    const failAt = this.script.findIndex((f) => f.method === undefined || f.method === call.method);
    if (failAt >= 0) {
      const [failure] = this.script.splice(failAt, 1);
      this.calls.push({ ...call, ok: false, error: failure!.error } as unknown as RecordedCall);
      throw failure!.error;
    }
    const [value, extra] = succeed();
    this.calls.push({ ...call, ...extra, ok: true } as unknown as RecordedCall);
    return value;
  }
}
