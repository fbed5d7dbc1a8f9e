import type { SectionRun, StepResult, Suggestion } from '../../exec/step-result.ts';
import { describeVerdict } from '../common/describe-verdict.ts';
import { formatBytes, shortenLine, summarizeOutput } from '../common/output-lines.ts';
import type { SectionRunInput } from '../common/section-run-input.ts';
import { isProblem, STEP_ICONS } from '../common/step-icons.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import type { Locale } from '../i18n/locale.ts';
import { t, tPlural } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, section } from './blocks.ts';
import { codeSpan, escapeMrkdwn, quoteLines } from './escape-mrkdwn.ts';
import { fitBlocks, packLines, SLACK_LIMITS } from './limits.ts';
import { mentionUser } from './mentions.ts';
import { raw, st } from './slack-text.ts';

export type { SectionRunInput } from '../common/section-run-input.ts';

const QUOTED_LINES = 3;
const LINE_WIDTH = 300;
const MAX_SUGGESTIONS = 5;

/** One verdict message for a section run: a line per check, suggestions, buttons (≤ 50 blocks). */
export function renderSectionRun(input: SectionRunInput): SlackMessage {
  const { run, locale } = input;
  const steps = run.steps.map((step) => ({ step, text: stepText(step, locale) }));
  const headerBlock = section(headerText(input));
  const tail = tailBlocks(input, steps.map(({ text }) => text).join('\n'));
  const budget = SLACK_LIMITS.blocks - 1 - tail.length;

  let stepBlocks: KnownBlock[] = steps.map(({ text }) => section(text));
  if (stepBlocks.length > budget) stepBlocks = collapsedStepBlocks(steps, locale, budget);

  const omitted = (count: number) => context(escapeMrkdwn(t(locale, 'limits.moreBlocks', { count })));
  const blocks: KnownBlock[] = fitBlocks([headerBlock, ...stepBlocks, ...tail], omitted);
  return { text: fallbackText(summaryText(run, locale)), blocks };
}

function headerText(input: SectionRunInput): string {
  const { run, locale } = input;
  return st(input.locale, 'run.header', {
    section: run.sectionTitle,
    checks: tPlural(locale, 'run.checks', run.steps.length),
    duration: formatDuration(run.durationMs, locale),
    user: raw(mentionUser(input.requestedBy)),
  });
}

function summaryText(run: SectionRun, locale: Locale): string {
  const passed = run.steps.filter((step) => step.status === 'pass').length;
  return st(locale, 'run.fallback', { section: run.sectionTitle, passed, total: run.steps.length });
}

/** "❌ *Title* · 1,0 s\n`cmd` — verdict\n> output lines". */
export function stepText(step: StepResult, locale: Locale): string {
  const icon = STEP_ICONS[step.status];
  const duration = formatDuration(step.durationMs, locale);
  let title = `${icon} *${escapeMrkdwn(shortenLine(step.title, LINE_WIDTH))}* · ${duration}`;
  const command = codeSpan(shortenLine(step.command, LINE_WIDTH));
  const { verdict, quoted, inTitle } = verdictParts(step, locale);
  if (inTitle && verdict) title += ` — ${escapeMrkdwn(verdict)}`;
  const detail =
    verdict && !inTitle ? `${command} — ${escapeMrkdwn(shortenLine(verdict, LINE_WIDTH * 2))}` : command;
  const parts = [title, detail];
  if (quoted.length > 0)
    parts.push(quoteLines(quoted.map((line) => escapeMrkdwn(shortenLine(line, LINE_WIDTH)))));
  return parts.join('\n');
}

/** Log summaries go on the title line with their error samples quoted; other verdicts follow the command. */
function verdictParts(
  step: StepResult,
  locale: Locale,
): { verdict: string; quoted: string[]; inTitle: boolean } {
  if (step.detail.kind === 'log_summary') {
    return {
      verdict: describeVerdict(step, locale),
      quoted: step.detail.samples.slice(-QUOTED_LINES),
      inTitle: true,
    };
  }
  // A detail that already carries the evidence (expected/got, the failing line) needs no quote.
  const evidenceInVerdict = !(step.detail.kind === 'exit_code' && step.detail.line === null);
  const quotes =
    !evidenceInVerdict && (step.status === 'fail' || step.status === 'info' || step.status === 'error');
  const summary = quotes ? summarizeOutput(step.output, QUOTED_LINES) : null;
  return { verdict: describeVerdict(step, locale), quoted: summary?.quoted ?? [], inTitle: false };
}

/** Too many checks for one block each: passes collapse into one line, the rest pack together. */
function collapsedStepBlocks(
  steps: readonly { step: StepResult; text: string }[],
  locale: Locale,
  budget: number,
): KnownBlock[] {
  const quiet = steps.filter(({ step }) => step.status === 'pass' || step.status === 'skipped');
  const loud = steps.filter(({ step }) => !(step.status === 'pass' || step.status === 'skipped'));
  const texts = loud.map(({ text }) => text);
  if (quiet.length > 0) {
    const titles = quiet.map(({ step }) => shortenLine(step.title, 60)).join(' · ');
    texts.push(st(locale, 'run.passesCollapsed', { count: quiet.length, titles }));
  }
  const chunks = texts.length <= budget ? texts : packLines(texts, SLACK_LIMITS.sectionText, '\n\n');
  return chunks.map((text) => section(text));
}

function tailBlocks(input: SectionRunInput, stepsText: string): KnownBlock[] {
  const { run, locale } = input;
  const blocks: KnownBlock[] = run.suggestions
    .slice(0, MAX_SUGGESTIONS)
    .map((suggestion) => suggestionBlock(suggestion, input, stepsText));

  const failed = run.steps.some((step) => isProblem(step.status));
  if (input.restartAvailable && failed) {
    const restart = button({
      text: t(locale, 'button.request_restart'),
      actionId: 'request_restart',
      value: String(input.incidentId),
      style: 'danger',
    });
    blocks.push(actions([restart], 'section_run_actions'));
  }

  const truncated = run.steps.filter((step) => step.outputTruncated);
  if (truncated.length > 0) {
    const dropped = truncated.reduce((sum, step) => sum + step.droppedBytes, 0);
    const size = dropped > 0 ? ` (${t(locale, 'run.dropped', { size: formatBytes(dropped, locale) })})` : '';
    blocks.push(context(escapeMrkdwn(t(locale, 'run.fullOutput') + size)));
  }
  if (run.steps.length > 0 && run.steps.every((step) => step.status === 'pass')) {
    blocks.unshift(context(st(locale, 'run.allPassed')));
  }
  return blocks;
}

/** The suggestion, its evidence quoted unless a check above already quotes it, and its button. */
function suggestionBlock(suggestion: Suggestion, input: SectionRunInput, stepsText: string): KnownBlock {
  const { locale, commandName } = input;
  let text = st(locale, 'run.suggestion', {
    title: suggestion.title,
    command: commandName,
    id: suggestion.sectionId,
  });
  const evidence = escapeMrkdwn(shortenLine(suggestion.evidence.trim(), LINE_WIDTH));
  if (evidence && !stepsText.includes(`> ${evidence}`)) text += `\n${quoteLines([evidence])}`;
  const run = button({
    text: t(locale, 'button.run_section'),
    actionId: 'run_section',
    value: suggestion.sectionId,
  });
  return section(text, run);
}
