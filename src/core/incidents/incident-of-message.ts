import type { Incident } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';

/** The incident whose card or thread a message (a button) sits in: by id when it carries one, else by thread. */
export function findIncident(
  deps: Pick<CoreDeps, 'store' | 'catalog'>,
  where: { incidentId?: number | null; channel?: string | null; thread?: string | null },
): { incident: Incident; bound: BoundRunbook } | null {
  if (where.incidentId) {
    const incident = deps.store.getIncident(where.incidentId);
    const bound = incident ? deps.catalog.byRunbookId(incident.runbook) : undefined;
    return incident && bound ? { incident, bound } : null;
  }
  if (!where.channel) return null;
  const open = deps.catalog.runbooks
    .map((bound) => ({
      bound,
      incident: deps.store.getOpenIncident(bound.runbook.id, where.channel as string),
    }))
    .filter((entry): entry is { bound: BoundRunbook; incident: Incident } => entry.incident !== null);
  return (
    open.find((entry) => entry.incident.cardTs === where.thread) ?? (open.length === 1 ? open[0]! : null)
  );
}
