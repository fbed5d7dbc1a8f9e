import type { Store } from '../../store/store.ts';

/** After a deny or an expiry: an incident waiting for that approval goes back to investigating. */
export function stopAwaitingApproval(store: Store, incidentId: number): void {
  if (store.getIncident(incidentId)?.status === 'awaiting_approval') {
    store.updateIncident(incidentId, { status: 'investigating' });
  }
}
