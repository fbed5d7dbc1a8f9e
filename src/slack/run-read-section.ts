import type { BoundRunbook } from '../core/catalog.ts';
import { runSectionForIncident } from '../core/run-section-for-incident.ts';
import { t } from '../render/i18n/messages.ts';
import { renderError } from '../render/slack/render-error.ts';
import type { Section } from '../runbook/model.ts';
import type { BotDeps } from './bot-deps.ts';
import { ensureCard, openOrReuseIncident, refreshCard } from './incident-thread.ts';
import { postSectionRun } from './post-section-run.ts';
import type { Reply } from './reply.ts';

const RUN_LOCK_MS = 10 * 60_000;

/**
 * Runs a section that only reads (diagnose, deps, verify…) for the channel's incident: opens the
 * incident if needed, runs the checks, then posts the card (first time, symptoms included) and the
 * verdicts in its thread. A run of the same section already going for this incident is not started
 * twice. At most 4 Web API calls: card post or update, thread post, and a file upload when output
 * was cut.
 */
export async function runReadSection(
  deps: BotDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    user: string;
    runId: string;
    reply: Reply;
    /** Parameter values (checked against the binding's rules by the caller). */
    params?: Readonly<Record<string, string>>;
  },
): Promise<void> {
  const { bound, section, channel, user } = input;
  const locale = bound.binding.locale;
  const { incident } = openOrReuseIncident(deps, bound, channel, user);
  const lock = `run:${incident.id}:${section.id}`;
  if (!deps.store.acquireLock(lock, input.runId, RUN_LOCK_MS)) {
    const started = deps.store
      .listTimeline(incident.id)
      .filter((entry) => entry.kind === 'command' && entry.data.sectionId === section.id)
      .at(-1);
    await input.reply(
      renderError({
        kind: 'already_running',
        params: { sectionTitle: section.title, startedBy: started?.actor ?? 'bot' },
        locale,
      }),
    );
    return;
  }
  try {
    deps.store.appendTimeline({
      incidentId: incident.id,
      actor: user,
      kind: 'command',
      summary: `${bound.binding.command} ${section.id}`,
      data: { sectionId: section.id },
    });
    await input.reply({ text: t(locale, 'ack.running', { section: section.title }), blocks: [] });
    const hadCard = incident.cardTs !== null;
    const outcome = await runSectionForIncident(deps, {
      incident,
      bound,
      section,
      actor: user,
      ...(input.params ? { params: input.params } : {}),
    });
    const threadTs = await ensureCard(deps, bound, incident.id);
    await postSectionRun(deps, {
      bound,
      run: outcome.run,
      channel,
      threadTs,
      requestedBy: user,
      incidentId: incident.id,
    });
    if (hadCard) await refreshCard(deps, bound, incident.id);
  } finally {
    deps.store.releaseLock(lock, input.runId);
  }
}
