import { requestChangeFlow } from '../../core/approvals/change-flow.ts';
import { findSection, sectionChangesHost } from '../../core/catalog.ts';
import { UserError } from '../../core/errors.ts';
import { runReadSection } from '../../core/incidents/run-read-section.ts';
import { assertMayRun } from '../../core/run-access.ts';
import { resolveParams } from '../../runbook/params/resolve-params.ts';
import type { ViewHandler } from '../listeners/on-view-submission.ts';
import { chatReply, type Reply } from '../reply.ts';
import {
  PARAMS_CALLBACK_ID,
  paramValuesFromState,
  parseParamsRequest,
  refusedParamsMessage,
} from './params-modal.ts';

/**
 * The parameters modal was submitted: the values are checked against the binding's rules (a
 * refused one keeps the modal open with the rule under its field), then the section runs — a
 * read section at once, a change through the approval flow — with exactly these values.
 */
const submitParams: ViewHandler = async ({ deps, view, user, ack }) => {
  const request = parseParamsRequest(view.private_metadata);
  const bound = request
    ? deps.catalog.runbooks.find((entry) => entry.runbook.id === request.runbook)
    : undefined;
  const section = request && bound ? findSection(bound.runbook, request.section) : undefined;
  if (!request || !bound || !section) {
    await ack();
    throw new UserError('not_found', 'this form is for a section that no longer exists');
  }
  const typed = paramValuesFromState(view.state.values as never);
  const resolved = resolveParams(section, bound.binding.params, { ...request.given, ...typed });
  const errors: Record<string, string> = {};
  for (const entry of resolved.refused) errors[`param:${entry.name}`] = entry.message;
  for (const name of resolved.missing) errors[`param:${name}`] = `${name} needs a value`;
  const blocks = new Set(Object.keys(view.state.values ?? {}));
  const shown = Object.fromEntries(Object.entries(errors).filter(([block]) => blocks.has(block)));
  if (Object.keys(shown).length > 0) {
    await ack({ response_action: 'errors', errors: shown });
    return;
  }
  await ack();
  const reply: Reply = async (message) => {
    await deps.gateway.ephemeral({
      channel: request.channel,
      user,
      text: message.text,
      blocks: message.blocks,
    });
  };
  if (Object.keys(errors).length > 0) {
    await reply(refusedParamsMessage(section, resolved.refused));
    return;
  }
  if (!deps.store.claimOnce(`params-view:${view.id}`, 24 * 3_600_000)) return;
  await assertMayRun(deps, bound, user);
  const base = {
    bound,
    channel: request.channel,
    user,
    reply: chatReply(reply),
    runId: view.id,
    params: resolved.values,
  };
  if (sectionChangesHost(section) || request.breakGlass) {
    await requestChangeFlow(deps, { ...base, sectionId: section.id, breakGlass: request.breakGlass });
    return;
  }
  await runReadSection(deps, { ...base, section });
};

export const paramsViews: Record<string, ViewHandler> = { [PARAMS_CALLBACK_ID]: submitParams };
