import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { ChartDeps } from '../charts/incident-charts.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { PageSender } from '../pages/page-types.ts';
import type { ChatContent } from './chat-content.ts';
import type { ChatPort } from './chat-port.ts';

/** What the coordination flows (incident thread, outbox, approvals in a channel) receive. */
export interface ChatDeps extends CoreDeps {
  chat: ChatPort;
  /** Prometheus and the chart renderer: a diagnose attaches the binding's `charts` (unset: none). */
  charts?: ChartDeps;
  /** The pager clients (PagerDuty, Opsgenie, webhook) the `page` outbox messages go through. */
  pages?: PageSender;
  /** Called once when a new incident opens (schedules its escalations). */
  onIncidentOpened?: (incident: Incident, bound: BoundRunbook) => void;
}

/** Answers only the person who acted (an ephemeral message, Slack's response_url). */
export type ChatReply = (content: ChatContent) => Promise<void>;

/** Periodic work: interrupted changes (first tick), escalations, approval expiry, queued messages. */
export type TickTask = (deps: ChatDeps) => Promise<void>;
