import type { App, ViewOutput, ViewResponseAction } from '@slack/bolt';
import type { BotDeps } from '../bot-deps.ts';
import { replyViaResponseUrl, withErrorBoundary } from '../reply.ts';

export interface ViewContext {
  deps: BotDeps;
  view: ViewOutput;
  user: string;
  /** Acknowledge the submission: no argument closes the modal; `{response_action:'errors'}` keeps it open. */
  ack: ViewAck;
}

/** Closes the modal (no argument) or keeps it open with errors. Only the first call counts. */
export type ViewAck = (response?: ViewResponseAction) => Promise<void>;

export type ViewHandler = (context: ViewContext) => Promise<void>;

/** Modal submissions by callback_id. The handler must ack (within 3 s) before slow work. */
export function registerViews(app: App, deps: BotDeps, handlers: Record<string, ViewHandler>): void {
  for (const [callbackId, handler] of Object.entries(handlers)) {
    app.view(callbackId, async ({ ack, view, body, respond }) => {
      const user = body.user.id;
      const locale = deps.catalog.runbooks[0]?.binding.locale ?? 'en';
      let acked = false;
      const once: ViewAck = async (response) => {
        if (acked) return;
        acked = true;
        await ack(response as never);
      };
      await withErrorBoundary(
        {
          logger: deps.logger.child({ view: callbackId, user }),
          locale,
          reply: async (message) => {
            if (!acked) {
              deps.logger.warn({ text: message.text }, 'modal submission refused');
              await once();
            }
            // A modal has a response_url only when it asks for one (response_url_enabled); then the
            // person hears why. A modal carries no channel, so there is no chat.postEphemeral fallback.
            if (respond) await replyViaResponseUrl(respond)(message);
          },
        },
        () => handler({ deps, view, user, ack: once }),
      );
      await once();
    });
  }
}
