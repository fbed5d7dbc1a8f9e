import type { BotConfig } from '../config/load-config.ts';
import type { BoundRunbook } from '../core/catalog.ts';
import type { CoreDeps } from '../core/core-deps.ts';
import type { Incident } from '../store/records.ts';
import type { SlackGateway } from './slack-gateway.ts';

/** What the Slack side adds to the use cases' dependencies: where messages go, and the settings. */
export interface BotDeps extends CoreDeps {
  config: BotConfig;
  gateway: SlackGateway;
  /** Called once when a new incident opens (schedules its escalations). */
  onIncidentOpened?: (incident: Incident, bound: BoundRunbook) => void;
}
