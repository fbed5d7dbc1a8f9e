import { expireApprovals, requestChangeFlow } from '../core/approvals/change-flow.ts';
import { recoverChanges } from '../core/approvals/recover-changes-tick.ts';
import type { BoundRunbook } from '../core/catalog.ts';
import { driftScheduleTick } from '../core/drift/schedule-tick.ts';
import { deliverPending } from '../core/outbox/outbox.ts';
import type { Incident } from '../store/records.ts';
import type { BotDeps } from './bot-deps.ts';
import { approvalActions } from './features/approval-actions.ts';
import {
  impactManyIntent,
  incidentActions,
  incidentViews,
  resolveIntent,
  scheduleEscalations,
  sendDueEscalations,
} from './features/incidents-feature.ts';
import { paramsViews } from './features/params-feature.ts';
import type { ActionHandler } from './listeners/on-block-action.ts';
import type { IntentHandlers } from './listeners/on-slash-command.ts';
import type { ViewHandler } from './listeners/on-view-submission.ts';
import { chatReply } from './reply.ts';

/** Periodic work: interrupted changes (first tick), escalations, approval expiry, queued messages. */
export type TickTask = (deps: BotDeps) => Promise<void>;

export interface BotFeatures {
  handlers: IntentHandlers;
  actions: Record<string, ActionHandler>;
  views: Record<string, ViewHandler>;
  ticks: TickTask[];
  onIncidentOpened?: (deps: BotDeps, incident: Incident, bound: BoundRunbook) => void;
}

/** Everything beside diagnosis: approvals (four-eyes changes) and the incident record with escalation. */
export function botFeatures(): BotFeatures {
  return {
    handlers: {
      requestChange: (deps, input) => requestChangeFlow(deps, { ...input, reply: chatReply(input.reply) }),
      impactMany: impactManyIntent,
      resolve: resolveIntent,
    },
    actions: { ...approvalActions, ...incidentActions },
    views: { ...incidentViews, ...paramsViews },
    ticks: [recoverChanges(), sendDueEscalations, expireApprovals, deliverPending, driftScheduleTick()],
    onIncidentOpened: scheduleEscalations,
  };
}
