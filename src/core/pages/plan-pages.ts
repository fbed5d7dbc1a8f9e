import type { Binding, Role } from '../../runbook/binding/binding-schema.ts';
import type { Incident } from '../../store/records.ts';
import type { EnqueueMessageInput } from '../../store/store.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type PageEvent, type PagerTarget, pagerName, pagerTargetsOf } from './page-types.ts';

/** Outbox kind of a page (trigger or resolve); `core/pages/deliver-page.ts` sends it. */
export const PAGE_KIND = 'page';

/** What the outbox keeps for one page event (keys never: only the names of their variables). */
export interface PagePayload {
  incidentId: number;
  runbook: string;
  channel: string;
  role: string;
  target: PagerTarget;
  event: PageEvent;
}

/** Data of a `page` timeline entry (the card and the thread read it back). */
export interface PageTimelineData {
  [key: string]: unknown;
  role: string;
  pager: string;
  action: PageEvent['action'];
  dedupKey: string;
  /** null: not answered yet (retrying). */
  accepted: boolean | null;
  status: number | null;
  detail: string;
  /** Outbox key of the trigger, to queue its resolve. */
  outboxKey: string;
  target: PagerTarget;
}

/** The binding's role by the runbook's name for it (exact, then ignoring case and spaces), as the ping does. */
export function roleConfig(binding: Pick<Binding, 'roles'>, name: string): Role | undefined {
  const key = name.trim().toLowerCase();
  return (
    binding.roles[name] ??
    Object.entries(binding.roles).find(([candidate]) => candidate.trim().toLowerCase() === key)?.[1]
  );
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'role'
  );
}

/**
 * Stable per incident, escalation level and role: the same level fired again (a retry, another
 * process) gives the same key, so PagerDuty and Opsgenie keep one alert; the resolve uses it too.
 * The incident's open time keeps keys of two installations (or a reset database) apart.
 */
export function pageDedupKey(
  incident: Pick<Incident, 'id' | 'openedAt' | 'runbook'>,
  level: number,
  role: string,
): string {
  return `runbook-bot/${incident.runbook}/${incident.id}-${incident.openedAt}/level-${level}/${slug(role)}`;
}

/** "API DOWN #12: escalation to DevOps Lead (Health check — HTTP 503)": what the pager shows. */
function pageSummary(bound: BoundRunbook, incident: Incident, role: string): string {
  const title = bound.runbook.title.replace(/^\s*runbook\s*:\s*/i, '').trim() || bound.runbook.id;
  const first = incident.symptoms[0];
  const symptom = first ? ` (${first.title} — ${first.verdict})` : '';
  return `${title} #${incident.id}: escalation to ${role}${symptom}`;
}

/**
 * One trigger per pager of every paged role of an escalation level, enqueued in the same
 * transaction that fires the level (so a crash cannot fire it without its pages).
 */
export function pageTriggers(input: {
  bound: BoundRunbook;
  incident: Incident;
  escalationId: number;
  level: number;
  roles: readonly string[];
}): EnqueueMessageInput[] {
  const { bound, incident } = input;
  const messages: EnqueueMessageInput[] = [];
  for (const role of input.roles) {
    const config = roleConfig(bound.binding, role);
    if (!config) continue;
    for (const target of pagerTargetsOf(config)) {
      const dedupKey = pageDedupKey(incident, input.level, role);
      const event: PageEvent = {
        action: 'trigger',
        dedupKey,
        summary: pageSummary(bound, incident, role),
        source: `runbook-bot/${bound.runbook.id}`,
        severity: 'critical',
        details: {
          incident: `#${incident.id}`,
          runbook: bound.runbook.title,
          channel: incident.channel,
          role,
          symptoms: incident.symptoms.map((symptom) => symptom.title).join('; ') || '—',
        },
        incident: { id: incident.id, runbook: bound.runbook.id, channel: incident.channel },
        role,
      };
      const payload: PagePayload = {
        incidentId: incident.id,
        runbook: bound.runbook.id,
        channel: incident.channel,
        role,
        target,
        event,
      };
      messages.push({
        key: `page:${incident.id}:${input.escalationId}:${slug(role)}:${target.kind}:trigger`,
        incidentId: incident.id,
        kind: PAGE_KIND,
        payload,
      });
    }
  }
  return messages;
}

/**
 * Resolving the incident resolves its pages: a resolve for every trigger a pager accepted. Queued
 * once per trigger (outbox key); safe to call again.
 */
export function enqueuePageResolves(deps: Pick<CoreDeps, 'store'>, incidentId: number): number[] {
  const ids: number[] = [];
  for (const entry of deps.store.listTimeline(incidentId)) {
    if (entry.kind !== 'page') continue;
    const data = entry.data as Partial<PageTimelineData>;
    if (
      data.action !== 'trigger' ||
      data.accepted !== true ||
      !data.target ||
      !data.outboxKey ||
      !data.dedupKey
    )
      continue;
    const incident = deps.store.getIncident(incidentId);
    if (!incident) continue;
    const payload: PagePayload = {
      incidentId,
      runbook: incident.runbook,
      channel: incident.channel,
      role: data.role ?? '',
      target: data.target,
      event: {
        action: 'resolve',
        dedupKey: data.dedupKey,
        summary: `incident #${incidentId} resolved`,
        source: `runbook-bot/${incident.runbook}`,
        severity: 'critical',
        details: {},
        incident: { id: incidentId, runbook: incident.runbook, channel: incident.channel },
        role: data.role ?? '',
      },
    };
    const { id, created } = deps.store.enqueueMessage({
      key: `${data.outboxKey.replace(/:trigger$/, '')}:resolve`,
      incidentId,
      kind: PAGE_KIND,
      payload,
    });
    if (created) ids.push(id);
  }
  return ids;
}

export { pagerName };
