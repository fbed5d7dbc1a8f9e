import type { EscalationPingInput } from '../common/escalation-ping-input.ts';
import { formatDuration } from '../i18n/format-duration.ts';
import { formatClock } from '../i18n/format-time.ts';
import { formatNumber } from '../i18n/locale.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { actions, button, context, fallbackText, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { isEmptyAudience, mentionAudience } from './mentions.ts';
import { raw, st, stPlural } from './slack-text.ts';

export type { EscalationPingInput, EscalationRole } from '../common/escalation-ping-input.ts';

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
