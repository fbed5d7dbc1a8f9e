import { closest } from 'fastest-levenshtein';
import { rolePagers } from '../alerts/alert-rule-section.ts';
import { checkAlertRules } from '../alerts/check-alert-rules.ts';
import type { CommandStep, EscalationRule, Runbook, Step } from '../model.ts';
import { checkBindingParams } from '../params/check-binding-params.ts';
import { withParams } from '../parse/build-step.ts';
import { error, type Problem, warning } from '../problem.ts';
import type { Binding, StepOverride } from './binding-schema.ts';
import type { BindingSource } from './load-binding.ts';

/** A variable the binding passes (`env`) is no parameter: find the step's parameters again. */
const withBindingEnv = (step: CommandStep, env: readonly string[]) =>
  step.params && env.length > 0 ? withParams(step, env) : step;

/** The runbook with the parameters of its steps found again, `env` now counting as passed. */
export function withPassedEnv(runbook: Runbook, env: readonly string[]): Runbook {
  const sections = runbook.sections.map((section) => ({
    ...section,
    steps: section.steps.map((step) => (step.kind === 'command' ? withBindingEnv(step, env) : step)),
  }));
  return { ...runbook, sections };
}

export interface AppliedBinding {
  runbook: Runbook;
  problems: Problem[];
}

const UNKNOWN_SOURCE: BindingSource = { file: '<binding>', lineOf: () => 1 };

function suggest(name: string, known: string[]): string | null {
  const lower = name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (lower !== name && known.includes(lower))
    return `step and section ids are lowercase: write \`${lower}\``;
  return known.length === 0
    ? null
    : `did you mean "${closest(name, known)}"? Run "runbook-bot inspect" to list the ids`;
}

function overrideStep(
  step: CommandStep,
  override: StepOverride | undefined,
  workdir: string | undefined,
  env: readonly string[],
): CommandStep {
  const next: CommandStep = { ...withBindingEnv(step, env), cwd: workdir ?? step.cwd };
  if (!override) return next;
  if (override.stdin !== undefined) next.stdin = override.stdin;
  if (override.timeout !== undefined) next.timeoutMs = override.timeout;
  if (override.skip !== undefined) next.skip = override.skip;
  if (override.risk !== undefined) {
    next.risk = override.risk;
    next.riskReason = `binding: risk ${override.risk} (was ${step.risk}: ${step.riskReason})`;
    next.riskRecognised = true;
  }
  return next;
}

/**
 * The binding's `escalation` entries: one that notifies exactly the roles of a runbook rule retimes
 * it; any other is a rule of its own, added after the runbook's.
 */
function bindEscalation(
  runbook: Runbook,
  binding: Binding,
  source: BindingSource,
  problems: Problem[],
): EscalationRule[] {
  const rules = runbook.escalation.map((rule) => ({
    ...rule,
    notify: [...rule.notify],
    checklist: [...rule.checklist],
  }));
  const written = rules.length;
  binding.escalation.forEach((entry, index) => {
    const wanted = [...entry.notify].sort().join('|');
    const rule = rules
      .slice(0, written)
      .find((candidate) => [...candidate.notify].sort().join('|') === wanted);
    if (!rule) {
      if (entry.after === undefined && entry.condition === undefined) {
        problems.push(
          error(
            source.file,
            source.lineOf(['escalation', index, 'notify']),
            `escalation rule for ${entry.notify.join(', ')} says neither when (after) nor on what condition`,
            `add after: 15m or condition: "…"; ${escalationHint(runbook)}`,
          ),
        );
        return;
      }
      rules.push({
        afterMinutes: entry.after === undefined ? null : entry.after / 60_000,
        condition: entry.after === undefined ? (entry.condition ?? null) : null,
        notify: [...entry.notify],
        checklist: [...(entry.checklist ?? [])],
        line: 1,
      });
      return;
    }
    if (entry.after !== undefined) {
      rule.afterMinutes = entry.after / 60_000;
      rule.condition = entry.condition ?? null;
    } else if (entry.condition !== undefined) {
      rule.condition = entry.condition;
      rule.afterMinutes = null;
    }
    if (entry.checklist) rule.checklist = [...rule.checklist, ...entry.checklist];
  });
  return rules;
}

/** What the runbook's escalation looks like, for hints: its roles, or the lines it could not read. */
function escalationHint(runbook: Runbook): string {
  const known = runbook.escalation.map((rule) => rule.notify.join(', ')).filter((text) => text !== '');
  if (known.length > 0) return `the runbook's rules notify: ${known.join(' / ')}`;
  const unread = (runbook.findings ?? []).filter((finding) => finding.message.startsWith('escalation'));
  if (unread.length > 0) {
    return `the runbook's escalation section could not be read (lines ${unread.map((f) => f.line).join(', ')}): see the warnings there`;
  }
  return 'the runbook has no escalation section';
}

function checkReferences(
  runbook: Runbook,
  binding: Binding,
  source: BindingSource,
  problems: Problem[],
): void {
  const sectionIds = runbook.sections.map((section) => section.id);
  const stepIds = runbook.sections.flatMap((section) => section.steps.map((step) => step.id));
  const checkSection = (id: string, path: (string | number)[], what: string) => {
    if (!sectionIds.includes(id)) {
      problems.push(
        error(
          source.file,
          source.lineOf(path),
          `${what}: "${id}" is not a section of ${runbook.id}.md`,
          suggest(id, sectionIds),
        ),
      );
    }
  };
  for (const [name, id] of Object.entries(binding.subcommands))
    checkSection(id, ['subcommands', name], `subcommand "${name}"`);
  const targetNames = Object.keys(binding.targets ?? {});
  const checkTarget = (name: string, path: (string | number)[], what: string) => {
    if (!targetNames.includes(name)) {
      problems.push(
        error(
          source.file,
          source.lineOf(path),
          `${what}: "${name}" is not one of the binding's targets`,
          suggest(name, targetNames),
        ),
      );
    }
  };
  for (const [index, name] of (binding.defaultTargets ?? []).entries())
    checkTarget(name, ['defaultTargets', index], 'defaultTargets');
  for (const [index, schedule] of binding.schedules.entries()) {
    if (schedule.target !== undefined)
      checkTarget(schedule.target, ['schedules', index, 'target'], `schedule "${schedule.id}"`);
  }
  if (binding.verify !== undefined) checkSection(binding.verify, ['verify'], 'verify');
  if (binding.rollback !== undefined) checkSection(binding.rollback, ['rollback'], 'rollback');
  for (const id of Object.keys(binding.suggestions)) {
    if (!sectionIds.includes(id)) {
      problems.push(
        error(
          source.file,
          source.lineOf(['suggestions', id], true),
          `suggestions: "${id}" is not a section`,
          suggest(id, sectionIds),
        ),
      );
    }
  }
  for (const id of Object.keys(binding.steps)) {
    if (!stepIds.includes(id)) {
      problems.push(
        error(
          source.file,
          source.lineOf(['steps', id], true),
          `step "${id}" is not a step of ${runbook.id}.md`,
          suggest(id, stepIds),
        ),
      );
    }
  }
  (binding.waitFor ?? []).forEach((id, index) => {
    if (!stepIds.includes(id)) {
      problems.push(
        error(
          source.file,
          source.lineOf(['waitFor', index]),
          `waitFor: "${id}" is not a step`,
          suggest(id, stepIds),
        ),
      );
    }
  });
  if (binding.escalationSection !== undefined)
    checkSection(binding.escalationSection, ['escalationSection'], 'escalationSection');
  if (binding.templateSection !== undefined)
    checkSection(binding.templateSection, ['templateSection'], 'templateSection');
  const named = new Set([
    ...runbook.escalation.flatMap((rule) => rule.notify),
    ...binding.escalation.flatMap((entry) => entry.notify),
  ]);
  for (const [role, audience] of Object.entries(binding.roles)) {
    const line = source.lineOf(['roles', role], true);
    if (!named.has(role)) {
      const hint = named.size > 0 ? `the runbook names: ${[...named].join(', ')}` : escalationHint(runbook);
      problems.push(
        warning(source.file, line, `role "${role}" is not named by the runbook's escalation section`, hint),
      );
    }
    if (
      audience.users.length === 0 &&
      audience.usergroups.length === 0 &&
      rolePagers(audience).length === 0
    ) {
      problems.push(
        warning(
          source.file,
          line,
          `role "${role}" has no users or usergroups`,
          'add a Slack user id (U…) or user group id (S…)',
        ),
      );
    }
  }
}

/**
 * Runbook + binding -> the runbook as it will run (workdir as cwd, stdin/timeout/skip/risk fixes,
 * retimed escalation) and the problems found in the binding's references.
 */
export function applyBinding(
  runbook: Runbook,
  binding: Binding,
  source: BindingSource = UNKNOWN_SOURCE,
): AppliedBinding {
  const problems: Problem[] = [];
  checkReferences(runbook, binding, source, problems);
  const replaced = new Map<string, Step>();
  for (const step of runbook.sections.flatMap((section) => section.steps)) {
    if (replaced.has(step.id)) continue;
    const override = binding.steps[step.id];
    if (step.kind === 'wait') {
      if (override) {
        problems.push(
          error(
            source.file,
            source.lineOf(['steps', step.id], true),
            `step "${step.id}" is a wait (sleep), not a command`,
            'overrides apply to command steps only',
          ),
        );
      }
      replaced.set(step.id, step);
    } else replaced.set(step.id, overrideStep(step, override, binding.workdir, stepEnvNames(binding)));
  }
  const sections = runbook.sections.map((section) => ({
    ...section,
    steps: section.steps.map((step) => replaced.get(step.id) ?? step),
  }));
  problems.push(...checkBindingParams(sections, binding.params, source));
  problems.push(...checkAlertRules(sections, binding, source));
  const escalation = bindEscalation(runbook, binding, source, problems);
  return { runbook: { ...runbook, sections, escalation }, problems };
}

/** Names a step receives from the binding: `env`, and every target's `env` (DOCKER_HOST…): no parameters. */
function stepEnvNames(binding: Binding): string[] {
  const fromTargets = Object.values(binding.targets ?? {}).flatMap((target) => Object.keys(target.env ?? {}));
  return [...new Set([...binding.env, ...fromTargets])];
}
