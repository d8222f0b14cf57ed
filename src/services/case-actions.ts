import type { CardAction } from '../cards/card-actions.js';
import type { MessageView } from '../cards/view-models.js';
import type { AttachmentRef, Person } from '../models/case.js';
import type { ActionOutcome, CaseService } from './lifecycle/case-service.js';
import { isOrderCaseAction, type OrderService } from './orders/order-service.js';

export interface CaseActionsDeps {
  cases: Pick<CaseService, 'act' | 'userReply' | 'userComment' | 'receipt' | 'lookup' | 'mine' | 'queue'>;
  orders: Pick<OrderService, 'act'>;
}

/**
 * What the transports call for cases: the lifecycle's methods, with the order verbs (approve, reject, ordered,
 * received, ready, slipped, handed out, set-up help; `ORDER_CASE_VERBS`) sent to the order service, so one card
 * action path serves both. Everything else is `CaseService` unchanged.
 */
export class CaseActions {
  constructor(private readonly deps: CaseActionsDeps) {}

  act(actor: Person, action: CardAction): Promise<ActionOutcome> {
    return isOrderCaseAction(action) ? this.deps.orders.act(actor, action) : this.deps.cases.act(actor, action);
  }

  userReply(
    person: Person,
    text: string,
    askedAfter?: string,
    files?: readonly AttachmentRef[],
    unstored?: readonly string[],
  ): Promise<MessageView | null> {
    return this.deps.cases.userReply(person, text, askedAfter, files, unstored);
  }

  userComment(
    person: Person,
    numberOrId: string,
    text: string,
    files?: readonly AttachmentRef[],
    unstored?: readonly string[],
  ): Promise<MessageView> {
    return this.deps.cases.userComment(person, numberOrId, text, files, unstored);
  }

  receipt(caseId: string): Promise<void> {
    return this.deps.cases.receipt(caseId);
  }

  lookup(
    viewer: Person,
    numberOrId: string,
    opts?: Parameters<CaseService['lookup']>[2],
  ): ReturnType<CaseService['lookup']> {
    return this.deps.cases.lookup(viewer, numberOrId, opts);
  }

  mine(viewer: Person): Promise<MessageView> {
    return this.deps.cases.mine(viewer);
  }

  queue(viewer: Person, groupId?: string): Promise<MessageView> {
    return this.deps.cases.queue(viewer, groupId);
  }
}
