import type { Redactor } from '../exec/redact/create-redactor.ts';
import { redactDeep } from '../observability/redact-log-values.ts';
import type { EnqueueMessageInput, Store, TimelineInput } from './store.ts';

/**
 * The database boundary: free text the bot stores (timeline summaries and data — the commands of a
 * section run or an approval request —, incident fields and report, approval reasons, outbox
 * payloads, delivery errors) goes through `redact` first. Ids, keys, states and fingerprints are
 * stored as given (they are compared, never shown). So are an approval's parameter values: they
 * are what the change runs with (a redacted value would run wrong); every copy that is shown — the
 * card, the timeline, the report — is made from them by exec/recorded-params.ts and redacted.
 */
export function redactingStore(store: Store, redact: Redactor): Store {
  const clean = <T>(value: T): T => redactDeep(value, redact);
  const timeline = (input: TimelineInput): TimelineInput => ({
    ...input,
    summary: redact(input.summary),
    ...(input.data ? { data: clean(input.data) } : {}),
  });
  const message = (input: EnqueueMessageInput): EnqueueMessageInput => ({
    ...input,
    payload: clean(input.payload),
  });
  const reason = <T extends { reason?: string | null }>(fields: T): T =>
    typeof fields.reason === 'string' ? { ...fields, reason: redact(fields.reason) } : fields;

  const overrides: Partial<Store> = {
    appendTimeline: (input) => store.appendTimeline(timeline(input)),
    updateIncident: (id, changes) => store.updateIncident(id, clean(changes)),
    saveReport: (id, fields) => store.saveReport(id, clean(fields)),
    createApproval: (input) => store.createApproval(reason(input)),
    transitionApproval: (id, from, to, fields) =>
      store.transitionApproval(id, from, to, fields ? reason(fields) : fields),
    failInterruptedRun: (id, before, why) => store.failInterruptedRun(id, before, redact(why)),
    enqueueMessage: (input) => store.enqueueMessage(message(input)),
    fireEscalation: (input) =>
      store.fireEscalation({
        ...input,
        timeline: timeline(input.timeline),
        messages: input.messages.map(message),
      }),
    markAttempt: (id, error, next) => store.markAttempt(id, redact(error), next),
    markUncertain: (id, error, next) => store.markUncertain(id, redact(error), next),
    noteCardProblem: (id, error) => store.noteCardProblem(id, redact(error)),
  };
  return new Proxy(store, {
    get(target, property, receiver) {
      if (typeof property === 'string' && property in overrides) return overrides[property as keyof Store];
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
