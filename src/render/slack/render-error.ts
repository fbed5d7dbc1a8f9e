import type { RenderErrorInput } from '../common/error-input.ts';
import { formatClock } from '../i18n/format-time.ts';
import { t } from '../i18n/messages.ts';
import type { KnownBlock, SlackMessage } from './block-types.ts';
import { context, fallbackText, section } from './blocks.ts';
import { mentionActor, mentionAudience } from './mentions.ts';
import { raw, st } from './slack-text.ts';

export type { ErrorKind, ErrorParamsByKind, RenderErrorInput } from '../common/error-input.ts';

interface ErrorText {
  message: string;
  hint?: string;
}

/** An ephemeral error: what went wrong, and what to do about it. */
export function renderError(input: RenderErrorInput): SlackMessage {
  const { message, hint } = errorText(input);
  const blocks: KnownBlock[] = [section(`⚠️ ${message}`)];
  if (hint) blocks.push(context(hint));
  return { text: fallbackText(`⚠️ ${message}`), blocks };
}

function errorText(input: RenderErrorInput): ErrorText {
  const { locale } = input;
  switch (input.kind) {
    case 'unknown_subcommand': {
      const { commandName, given, suggestion } = input.params;
      const help = st(locale, 'error.seeHelp', { command: commandName });
      const hint = suggestion
        ? `${st(locale, 'error.didYouMean', { command: commandName, suggestion })} ${help}`
        : help;
      return { message: st(locale, 'error.unknown_subcommand', { given }), hint };
    }
    case 'not_in_channel':
      return { message: st(locale, 'error.not_in_channel', { bot: input.params.botName ?? 'runbook-bot' }) };
    case 'channel_not_allowed': {
      const channels = raw(
        input.params.channels.map((id) => `<#${id.replace(/[^A-Z0-9]/g, '')}>`).join(', '),
      );
      return {
        message: st(locale, 'error.channel_not_allowed', { command: input.params.commandName, channels }),
      };
    }
    case 'already_running':
      return {
        message: st(locale, 'error.already_running', {
          section: input.params.sectionTitle,
          user: raw(mentionActor(input.params.startedBy)),
        }),
      };
    case 'internal':
      return { message: st(locale, 'error.internal', { ref: input.params.ref }) };
    case 'not_approver':
      return {
        message: st(locale, 'error.not_approver', {
          approvers: raw(mentionAudience(input.params.approvers) || '—'),
        }),
      };
    case 'not_operator':
      return {
        message: st(locale, 'error.not_operator', {
          operators: raw(mentionAudience(input.params.operators) || '—'),
        }),
      };
    case 'self_approval':
      return { message: st(locale, 'error.self_approval') };
    case 'approval_expired': {
      const { expiredAt, timeZone, commandName, subcommand } = input.params;
      const time = formatClock(expiredAt, timeZone);
      return { message: st(locale, 'error.approval_expired', { time, command: commandName, subcommand }) };
    }
    case 'approval_not_found':
      return { message: st(locale, 'error.approval_not_found') };
    case 'approval_decided':
      return {
        message: st(locale, 'error.approval_decided', {
          state: t(locale, `approval.state.${input.params.state}`),
        }),
      };
    case 'locked':
      return { message: st(locale, 'error.locked', { service: input.params.service }) };
    case 'circuit_open':
      return { message: st(locale, 'error.circuit_open', { ...input.params }) };
    case 'incident_resolved':
      return { message: st(locale, 'error.incident_resolved', { id: input.params.incidentId }) };
    case 'no_incident':
      return {
        message: st(locale, 'error.no_incident', {
          start: input.params.start ?? `${input.params.commandName} diagnose`,
        }),
      };
    case 'user_error': {
      const { message, hint } = input.params;
      return {
        message: st(locale, 'error.user', { message }),
        ...(hint ? { hint: st(locale, 'error.hint', { hint }) } : {}),
      };
    }
  }
}
