import { type BoundRunbook, sectionChangesHost } from '../../core/catalog.ts';
import type { InputBlock, KnownBlock, ModalView } from '../../render/slack/block-types.ts';
import { SLACK_LIMITS, truncateEnd } from '../../render/slack/limits.ts';
import type { Section } from '../../runbook/model.ts';
import { type ResolvedParams, resolveParams } from '../../runbook/params/resolve-params.ts';
import { checkParamValue } from '../../runbook/params/validate-param-value.ts';
import type { BotDeps } from '../bot-deps.ts';
import type { Reply } from '../reply.ts';

export const PARAMS_CALLBACK_ID = 'section_params';
/** action_id of every field; the block_id is `param:<name>`. */
export const PARAM_ACTION_ID = 'value';
const MAX_OPTIONS = 100;
const MAX_OPTION_CHARS = 75;

/** What the modal remembers (private_metadata, set by the bot): where to run what, and values already given. */
export interface ParamsRequest {
  runbook: string;
  section: string;
  channel: string;
  given: Record<string, string>;
  breakGlass: string | null;
}

/** The refusal a person sees when a value breaks a rule: every parameter, and its rule. */
export function refusedParamsMessage(section: Section, refused: ResolvedParams['refused']) {
  const lines = refused.map((entry) => `• \`${entry.name}\`: ${entry.message}`);
  return {
    text: `Nothing was run: ${section.title} was given a value it refuses.\n${lines.join('\n')}`,
    blocks: [],
  };
}

const plain = (text: string, max: number) => ({
  type: 'plain_text' as const,
  text: truncateEnd(text, max),
  emoji: true,
});

/** Output lines of the binding's `from` step, usable as values: the select's options. */
async function choicesFromStep(
  deps: BotDeps,
  bound: BoundRunbook,
  name: string,
  stepId: string,
): Promise<string[]> {
  const step = bound.runbook.sections
    .flatMap((section) => section.steps)
    .find((candidate) => candidate.id === stepId);
  if (step?.kind !== 'command' || step.risk !== 'read' || step.params) return [];
  const prepared = await deps.runnerFor(bound);
  const result = await prepared.runner.run(step, { workdir: prepared.workdir });
  const spec = bound.binding.params[name];
  const lines = [...new Set(result.output.split(/\r?\n/).map((line) => line.trim()))].filter(
    (line) =>
      line !== '' &&
      [...line].length <= MAX_OPTION_CHARS &&
      checkParamValue(name, line, spec ? { ...spec, from: undefined } : undefined) === null,
  );
  return lines.slice(0, MAX_OPTIONS);
}

async function fieldFor(deps: BotDeps, bound: BoundRunbook, name: string): Promise<InputBlock> {
  const spec = bound.binding.params[name];
  const choices = spec?.choices ?? (spec?.from ? await choicesFromStep(deps, bound, name, spec.from) : null);
  const label = plain(name, SLACK_LIMITS.inputLabel);
  const hint = spec?.describe ? { hint: plain(spec.describe, 2000) } : {};
  if (choices && choices.length > 0) {
    const options = choices.slice(0, MAX_OPTIONS).map((choice) => ({
      text: plain(choice, MAX_OPTION_CHARS),
      value: choice,
    }));
    const initial = options.find((option) => option.value === spec?.default);
    return {
      type: 'input',
      block_id: `param:${name}`,
      label,
      ...hint,
      element: {
        type: 'static_select',
        action_id: PARAM_ACTION_ID,
        options,
        ...(initial ? { initial_option: initial } : {}),
      },
    };
  }
  return {
    type: 'input',
    block_id: `param:${name}`,
    label,
    ...hint,
    element: {
      type: 'plain_text_input',
      action_id: PARAM_ACTION_ID,
      multiline: false,
      max_length: spec?.describe ? 1000 : 128,
      ...(spec?.default !== undefined ? { initial_value: spec.default } : {}),
    },
  };
}

/** The modal that asks for the missing values: one field per parameter (a select when there are choices). */
export async function renderParamsModal(
  deps: BotDeps,
  bound: BoundRunbook,
  section: Section,
  missing: readonly string[],
  request: ParamsRequest,
): Promise<ModalView> {
  const fields: KnownBlock[] = [];
  for (const name of missing.slice(0, SLACK_LIMITS.modalBlocks - 1))
    fields.push(await fieldFor(deps, bound, name));
  return {
    type: 'modal',
    callback_id: PARAMS_CALLBACK_ID,
    private_metadata: JSON.stringify(request),
    title: plain(section.title, SLACK_LIMITS.modalTitle),
    // A change is not run by the form: it asks for an approval, with these values.
    submit: plain(sectionChangesHost(section) ? 'Request' : 'Run', SLACK_LIMITS.modalButton),
    close: plain('Cancel', SLACK_LIMITS.modalButton),
    blocks: fields,
  };
}

/**
 * Before a section runs from Slack: checks the values typed after it (`pod=api-7d9f`) and fills
 * defaults. Returns the values when it can run now. Otherwise it has answered: a refused value gets
 * an ephemeral message naming the parameter and its rule; missing values open the modal (whose
 * submission runs the section). Nothing runs in either case.
 */
export async function gateSectionParams(
  deps: BotDeps,
  input: {
    bound: BoundRunbook;
    section: Section;
    channel: string;
    given: Record<string, string>;
    breakGlass: string | null;
    triggerId: string;
    reply: Reply;
  },
): Promise<Record<string, string> | null> {
  const { bound, section } = input;
  // A change section too: its values go with the approval request (card, fingerprint, run).
  const resolved = resolveParams(section, bound.binding.params, input.given);
  if (resolved.refused.length > 0) {
    await input.reply(refusedParamsMessage(section, resolved.refused));
    return null;
  }
  if (resolved.missing.length === 0) return resolved.values;
  const request: ParamsRequest = {
    runbook: bound.runbook.id,
    section: section.id,
    channel: input.channel,
    given: input.given,
    breakGlass: input.breakGlass,
  };
  await deps.gateway.openView(
    input.triggerId,
    await renderParamsModal(deps, bound, section, resolved.missing, request),
  );
  return null;
}

/** The modal's values by parameter name (text fields and selects). */
export function paramValuesFromState(
  values: Record<
    string,
    Record<string, { value?: string | null; selected_option?: { value?: string } | null }>
  >,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const match = /^param:([a-z][a-z0-9-]*)$/.exec(blockId);
    const action = actions?.[PARAM_ACTION_ID];
    if (!match || !action) continue;
    const value = action.selected_option?.value ?? action.value;
    if (typeof value === 'string') out[match[1] as string] = value;
  }
  return out;
}

/** private_metadata -> the request, or null when it is not one the bot wrote. */
export function parseParamsRequest(text: string | undefined): ParamsRequest | null {
  try {
    const data = JSON.parse(text ?? '') as Partial<ParamsRequest>;
    if (
      typeof data.runbook !== 'string' ||
      typeof data.section !== 'string' ||
      typeof data.channel !== 'string'
    )
      return null;
    const given: Record<string, string> = {};
    for (const [key, value] of Object.entries(data.given ?? {}))
      if (typeof value === 'string') given[key] = value;
    const breakGlass = typeof data.breakGlass === 'string' ? data.breakGlass : null;
    return { runbook: data.runbook, section: data.section, channel: data.channel, given, breakGlass };
  } catch {
    return null;
  }
}
