import type { BoundRunbook } from '../core/catalog.ts';
import type { Incident } from '../store/records.ts';
import type { BotDeps } from './bot-deps.ts';
import { approvalActions, expireApprovals, requestChangeFlow } from './features/approvals-feature.ts';
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
import { deliverPending } from './outbox.ts';
import { recoverChanges } from './recover-interrupted-changes.ts';

/** Periodic work: interrupted changes (first tick), escalations, approval expiry, messages Slack refused earlier. */
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
    handlers: { requestChange: requestChangeFlow, impactMany: impactManyIntent, resolve: resolveIntent },
    actions: { ...approvalActions, ...incidentActions },
    views: { ...incidentViews, ...paramsViews },
    ticks: [recoverChanges(), sendDueEscalations, expireApprovals, deliverPending],
    onIncidentOpened: scheduleEscalations,
  };
}
