import { formatDuration } from '../i18n/format-duration.ts';
import { formatClock } from '../i18n/format-time.ts';
import { formatNumber, type Locale } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { isEmptyAudience, mentionAudience } from './mentions.ts';
import { raw, st, stPlural } from './slack-text.ts';

export interface EscalationRole {
  /** The runbook's role name ("DevOps Lead"). */
  name: string;
  /** From the binding's `roles`; both empty = unmapped. */
  users: readonly string[];
  usergroups: readonly string[];
}

export interface EscalationPingInput {
  roles: readonly EscalationRole[];
  /** Timed rule: minutes without resolution. */
  afterMinutes: number | null;
  /**
   * Timed rule: the exact delay. When set, the headline shows it with formatDuration ("8 s",
   * "15 min", "1 h 30 min") instead of fractional minutes ("0,13 min") for demo timings.
   */
  afterMs?: number | null;
  /** Manual rule: the runbook's condition phrase. */
  condition: string | null;
  checklist: readonly string[];
  /** The binding defines a rollback section: offer the `rollback` button. */
  rollbackAvailable: boolean;
  /** Value of the `rollback` button. */
  incidentId: number;
  /** The binding file named in the unmapped-role hint ("runbooks/api-down.yml"). */
  bindingFile: string;
  locale: Locale;
  timeZone: string;
  dueAt?: number;
  /** Sent after its due time because the bot was down. */
  sentLate?: boolean;
}

/** "15 min" / "8 s" from `afterMs`, else the minutes as given ("15 min"). */
function delayText(input: EscalationPingInput): string {
  if (input.afterMs !== undefined && input.afterMs !== null)
    return formatDuration(input.afterMs, input.locale);
  return `${formatNumber(input.afterMinutes ?? 0, input.locale, 2)} min`;
}

/** The escalation ping: who must take over, the checklist, unmapped roles, late delivery. */
export function renderEscalationPing(input: EscalationPingInput): SlackMessage {
  const { locale } = input;
  const mentions = raw(
    input.roles
      .map((role) =>
        isEmptyAudience(role)
          ? escapeMrkdwn(role.name)
          : `${mentionAudience(role)} (${escapeMrkdwn(role.name)})`,
      )
      .join(', '),
  );
  const count = input.roles.length;
  const headline =
    input.afterMinutes !== null
      ? stPlural(locale, 'escalation.timed', count, { delay: delayText(input), mentions })
      : stPlural(locale, 'escalation.condition', count, {
          condition: input.condition ?? input.roles.map((role) => role.name).join(', '),
          mentions,
        });

  const late =
    input.sentLate && input.dueAt !== undefined
      ? ` ${st(locale, 'escalation.late', { time: formatClock(input.dueAt, input.timeZone) })}`
      : '';
  const blocks: KnownBlock[] = [section(headline + late)];

  if (input.checklist.length > 0) {
    blocks.push(section(st(locale, 'escalation.checklist', { items: input.checklist.join(' · ') })));
  }
  for (const role of input.roles.filter((r) => isEmptyAudience(r))) {
    const snippet = `roles: ${role.name}: {users: [...]}`;
    blocks.push(
      context(st(locale, 'escalation.unmapped', { role: role.name, snippet, file: input.bindingFile })),
    );
  }
  if (input.rollbackAvailable) {
    const rollback = button({
      text: t(locale, 'button.rollback'),
      actionId: 'rollback',
      value: String(input.incidentId),
      style: 'danger',
    });
    blocks.push(actions([rollback], 'escalation_actions'));
  }
  return { text: fallbackText(headline + late), blocks };
}
