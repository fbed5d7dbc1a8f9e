import { recordedParams } from '../../exec/recorded-params.ts';
import type { StepResult } from '../../exec/step-result.ts';
import type { ApprovalCardInput } from '../common/approval-card-input.ts';
import { describeVerdict } from '../common/describe-verdict.ts';
import { shortenLine } from '../common/output-lines.ts';
import { STEP_ICONS } from '../common/step-icons.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import { formatClock } from '../i18n/format-time.ts';
import type { Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, section } from './blocks.ts';
import { codeSpan, escapeMrkdwn } from './escape-mrkdwn.ts';
import { isEmptyAudience, mentionAudience, mentionUser } from './mentions.ts';
import { raw, st } from './slack-text.ts';

export type { ApprovalCardInput, ApprovalOutcome, ApprovalStepLine } from '../common/approval-card-input.ts';

/** How many hex digits of the fingerprint the card shows (approver and logs match on them). */
export const SHORT_FINGERPRINT = 8;

/** The approval card, in every state; buttons `approve` / `deny` (value = approval id) only while pending. */
export function renderApprovalCard(input: ApprovalCardInput): SlackMessage {
  const { approval, locale, timeZone } = input;
  const requester = raw(mentionUser(approval.requestedBy));
  const pending = approval.state === 'pending';
  const title = pending
    ? st(locale, 'approval.requested', {
        title: input.sectionTitle,
        user: requester,
        time: formatClock(approval.expiresAt, timeZone),
      })
    : st(locale, 'approval.header', { title: input.sectionTitle, user: requester });

  const blocks: KnownBlock[] = [];
  if (approval.breakGlass) {
    const who = raw(mentionUser(approval.decidedBy ?? approval.requestedBy));
    blocks.push(section(st(locale, 'approval.breakGlass', { user: who, reason: approval.reason ?? '—' })));
  }
  const values = valuesText(input);
  blocks.push(section(`${title}\n${stepsText(input)}${values ? `\n${values}` : ''}`));
  if (input.checks.length > 0) blocks.push(context(checksText(input.checks, locale)));

  // Plain text (t, escaped below): "fingerprint 3f2a1c9b".
  const fingerprint = approval.fingerprint
    ? escapeMrkdwn(
        t(locale, 'approval.fingerprint', { id: approval.fingerprint.slice(0, SHORT_FINGERPRINT) }),
      )
    : null;
  if (input.stale) {
    const time = formatClock(approval.finishedAt ?? approval.decidedAt ?? approval.requestedAt, timeZone);
    blocks.push(
      section(
        input.stale === 'runbook_changed'
          ? st(locale, 'approval.runbookChanged', { time })
          : st(locale, 'approval.noFingerprint'),
      ),
    );
    if (fingerprint) blocks.push(context(fingerprint));
    blocks.push(
      actions(
        [
          button({
            text: t(locale, 'button.request_again'),
            actionId: 'request_again',
            value: approval.id,
            style: 'primary',
          }),
        ],
        'approval_actions',
      ),
    );
  } else if (pending) {
    blocks.push(context(fingerprint ? `${approversText(input)} · ${fingerprint}` : approversText(input)));
    blocks.push(
      actions(
        [
          button({
            text: t(locale, 'button.approve'),
            actionId: 'approve',
            value: approval.id,
            style: 'primary',
          }),
          button({ text: t(locale, 'button.deny'), actionId: 'deny', value: approval.id, style: 'danger' }),
        ],
        'approval_actions',
      ),
    );
  } else {
    blocks.push(section(decisionText(input)));
    if (fingerprint) blocks.push(context(fingerprint));
  }

  const state = input.stale
    ? t(locale, 'approval.state.stale')
    : t(locale, `approval.state.${approval.state}`);
  const text = st(locale, 'approval.fallback', { title: input.sectionTitle, user: requester, state });
  return { text: fallbackText(text), blocks };
}

function stepsText(input: ApprovalCardInput): string {
  return input.steps
    .map((step, index) => {
      if (step.kind === 'command') return `${index + 1}. ${codeSpan(shortenLine(step.command, 500))}`;
      const seconds = input.waitSeconds ?? step.seconds * 2;
      // Seconds as the runbook counts them ("até 60 s"), not "1 min".
      return `${index + 1}. ${st(input.locale, 'approval.wait', { duration: `${seconds} s` })}`;
    })
    .join('\n');
}

/** "Values: `service` = `api`, `token` = `set, 40 chars`"; empty when the change takes none. */
function valuesText(input: ApprovalCardInput): string {
  const shown = Object.entries(recordedParams(input.params ?? {})).sort(([a], [b]) => (a < b ? -1 : 1));
  if (shown.length === 0) return '';
  const items = shown.map(([name, value]) => `${codeSpan(name)} = ${codeSpan(shortenLine(value, 200))}`);
  return st(input.locale, 'approval.values', { values: raw(items.join(', ')) });
}

function checksText(checks: readonly StepResult[], locale: Locale): string {
  const items = checks.map(
    (check) =>
      `${STEP_ICONS[check.status]} ${escapeMrkdwn(shortenLine(`${check.title}: ${describeVerdict(check, locale)}`, 200))}`,
  );
  return st(locale, 'approval.checksNow', { checks: raw(items.join(' · ')) });
}

function approversText(input: ApprovalCardInput): string {
  const { locale, approvers } = input;
  if (isEmptyAudience(approvers)) return st(locale, 'approval.noApprovers');
  const key = input.allowSelfApproval ? 'approval.approversSelf' : 'approval.approvers';
  return st(locale, key, { approvers: raw(mentionAudience(approvers)) });
}

function decisionText(input: ApprovalCardInput): string {
  const { approval, locale, timeZone } = input;
  const user = raw(mentionUser(approval.decidedBy ?? approval.requestedBy));
  const time = formatClock(approval.decidedAt ?? approval.requestedAt, timeZone);
  const reason = approval.reason ? `\n${st(locale, 'approval.reason', { reason: approval.reason })}` : '';
  switch (approval.state) {
    case 'pending':
    case 'approved':
    case 'running':
      return st(locale, 'approval.running', { user, time });
    case 'succeeded':
      return st(locale, 'approval.succeeded', { user, time, outcome: outcomeText(input) });
    case 'failed': {
      const outcome = input.outcome ? `\n${escapeMrkdwn(outcomeText(input))}` : '';
      return st(locale, 'approval.failed', { user, time, reason: approval.reason ?? '—' }) + outcome;
    }
    case 'denied':
      return st(locale, 'approval.denied', { user, time }) + reason;
    case 'expired':
      return st(locale, 'approval.expired', { time: formatClock(approval.expiresAt, timeZone) });
  }
}

/** "restart em 2,3 s · saudável após 14 s · verificação pós-resolução: 4/4 ✅" (plain text). */
function outcomeText(input: ApprovalCardInput): string {
  const { locale, outcome } = input;
  if (!outcome) return t(locale, 'approval.outcome.action');
  const parts = [
    t(locale, 'approval.outcome.ran', {
      action: input.actionLabel ?? t(locale, 'approval.outcome.action'),
      duration: formatDuration(outcome.changeMs, locale),
    }),
  ];
  if (outcome.healthyAfterMs !== null) {
    parts.push(
      t(locale, 'approval.outcome.healthy', { duration: formatDuration(outcome.healthyAfterMs, locale) }),
    );
  } else if (outcome.waitedMs !== undefined) {
    parts.push(
      t(locale, 'approval.outcome.notHealthy', { duration: formatDuration(outcome.waitedMs, locale) }),
    );
  }
  if (outcome.verify) {
    const { passed, total } = outcome.verify;
    parts.push(t(locale, 'approval.outcome.verify', { passed, total, icon: passed === total ? '✅' : '❌' }));
  }
  return parts.join(' · ');
}
