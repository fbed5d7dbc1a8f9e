import type { ChatContent, IncidentCardContent } from '../../core/chat/chat-content.ts';
import { templateStatus } from '../common/fill-template.ts';
import { t } from '../i18n/messages.ts';
import type { SlackMessage } from './block-types.ts';
import { actions, button, section } from './blocks.ts';
import { escapeMrkdwn } from './escape-mrkdwn.ts';
import { renderApprovalCard } from './render-approval-card.ts';
import { withDeliveryNote } from './render-delivery-note.ts';
import { renderError } from './render-error.ts';
import { renderEscalationPing } from './render-escalation-ping.ts';
import { renderFinalReport } from './render-final-report.ts';
import { renderIncidentCard } from './render-incident-card.ts';
import { renderNotice } from './render-notice.ts';
import { renderSectionRun } from './render-section-run.ts';

/** A sentence as a message: the text, and one section block with it. */
function sentence(text: string): SlackMessage {
  return { text, blocks: [section(text)] };
}

function incidentCard(card: IncidentCardContent): SlackMessage {
  return renderIncidentCard({
    ...card,
    template: templateStatus(card.template),
  });
}

/** The Slack message (Block Kit and fallback text) for what a use case wants shown. */
export function renderChatContent(content: ChatContent): SlackMessage {
  switch (content.kind) {
    case 'incident_card':
      return incidentCard(content.card);
    case 'section_run':
      return renderSectionRun(content.run);
    case 'approval_card':
      return renderApprovalCard(content.card);
    case 'escalation_ping': {
      const ping = renderEscalationPing(content.ping);
      return content.note ? withDeliveryNote(ping, { locale: content.ping.locale, ...content.note }) : ping;
    }
    case 'final_report':
      return renderFinalReport(content.report);
    case 'error':
      return renderError(content.error);
    case 'notice':
      return renderNotice(content.notice);
    case 'running':
      return { text: t(content.locale, 'ack.running', { section: content.sectionTitle }), blocks: [] };
    case 'change_interrupted':
      return {
        text: t(content.locale, 'notice.interrupted', { user: `<@${content.requestedBy}>` }),
        blocks: [],
      };
    case 'confirm_recovered':
      return {
        text: t(content.locale, 'notice.recoveredText'),
        blocks: [
          section(t(content.locale, 'notice.recoveredBody')),
          actions([
            button({
              actionId: 'approve_confirmed',
              text: t(content.locale, 'button.approve_anyway'),
              value: content.approvalId,
              style: 'danger',
            }),
          ]),
        ],
      };
    case 'procedure_group':
      return sentence(
        t(content.locale, 'procedure.group', {
          group: content.group,
          groups: content.groups,
          section: content.sectionTitle,
        }),
      );
    case 'procedure_done':
      return sentence(t(content.locale, 'procedure.done', { section: content.sectionTitle }));
    case 'procedure_stopped':
      return sentence(
        t(content.locale, 'procedure.stopped', {
          section: content.sectionTitle,
          reason: content.reason,
          steps: content.notRun.join(', '),
        }),
      );
    case 'plain_text':
      return sentence(escapeMrkdwn(content.text));
    case 'prerendered': {
      // Queued by an earlier version as a rendered Slack message ({ text, blocks? }).
      const message = content.message as { text?: unknown; blocks?: unknown };
      return {
        text: typeof message.text === 'string' ? message.text : '',
        blocks: Array.isArray(message.blocks) ? (message.blocks as SlackMessage['blocks']) : [],
      };
    }
  }
}
