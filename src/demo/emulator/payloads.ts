/**
 * Builders for what Slack sends to the bot, shaped like real deliveries (bolt-js style:
 * `slashCommand({text})`, `blockAction({action_id, value})`). Used by the playground's emulator
 * and by the tests. Defaults describe one workspace (T0FAKE), one channel (C0123) and one user (U111).
 */

const defaults = {
  team_id: 'T0FAKE',
  team_domain: 'fake',
  api_app_id: 'A0FAKE',
  channel_id: 'C0123',
  channel_name: 'incidents',
  user_id: 'U111',
  user_name: 'ana',
  token: 'verification-token',
};

let triggerSeq = 0;
function nextTrigger(): string {
  triggerSeq += 1;
  return `${triggerSeq}.111.${'a'.repeat(8)}`;
}

export interface SlashCommandInput {
  command?: string;
  text?: string;
  user_id?: string;
  user_name?: string;
  channel_id?: string;
  channel_name?: string;
  team_id?: string;
  response_url?: string;
  trigger_id?: string;
  api_app_id?: string;
}

/** The form fields of a slash command delivery (post them form-encoded). */
export function slashCommand(input: SlashCommandInput = {}): Record<string, string> {
  return {
    token: defaults.token,
    team_id: input.team_id ?? defaults.team_id,
    team_domain: defaults.team_domain,
    channel_id: input.channel_id ?? defaults.channel_id,
    channel_name: input.channel_name ?? defaults.channel_name,
    user_id: input.user_id ?? defaults.user_id,
    user_name: input.user_name ?? defaults.user_name,
    command: input.command ?? '/apidown',
    text: input.text ?? '',
    api_app_id: input.api_app_id ?? defaults.api_app_id,
    is_enterprise_install: 'false',
    response_url: input.response_url ?? 'http://127.0.0.1:9/response/unused',
    trigger_id: input.trigger_id ?? nextTrigger(),
  };
}

export interface BlockActionInput {
  action_id: string;
  value?: string;
  block_id?: string;
  /** User id, or a partial user object. */
  user?: string | { id: string; username?: string; name?: string };
  channel?: string;
  /** ts of the message holding the button. */
  message_ts?: string;
  /** Set when the message is a thread reply. */
  thread_ts?: string;
  message?: Record<string, unknown>;
  container?: Record<string, unknown>;
  /**
   * The button is in an ephemeral message: Slack then sends no `message` (only the container, with
   * `is_ephemeral: true`). Also implied by a given container with `is_ephemeral: true`.
   */
  ephemeral?: boolean;
  response_url?: string;
  trigger_id?: string;
  action_ts?: string;
  team_id?: string;
  /** The button's label (default: the action_id). */
  text?: string;
}

function userObject(user: BlockActionInput['user'], teamId: string) {
  const base = typeof user === 'string' || user === undefined ? { id: user ?? defaults.user_id } : user;
  const name = 'username' in base && base.username ? base.username : base.id.toLowerCase();
  return { id: base.id, username: name, name, team_id: teamId };
}

/** The interactivity payload of a button click (post it with `postInteraction`). */
export function blockAction(input: BlockActionInput): Record<string, unknown> {
  const team = input.team_id ?? defaults.team_id;
  const channel = input.channel ?? defaults.channel_id;
  const messageTs = input.message_ts ?? '1764424800.000100';
  const ephemeral = input.ephemeral === true || input.container?.is_ephemeral === true;
  return {
    type: 'block_actions',
    user: userObject(input.user, team),
    api_app_id: defaults.api_app_id,
    token: defaults.token,
    container: input.container ?? {
      type: 'message',
      message_ts: messageTs,
      channel_id: channel,
      is_ephemeral: ephemeral,
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    },
    trigger_id: input.trigger_id ?? nextTrigger(),
    team: { id: team, domain: defaults.team_domain },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: channel, name: defaults.channel_name },
    ...(ephemeral
      ? {}
      : {
          message: input.message ?? {
            type: 'message',
            user: 'UBOT',
            ts: messageTs,
            ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
            text: '',
            blocks: [],
          },
        }),
    state: { values: {} },
    response_url: input.response_url ?? 'http://127.0.0.1:9/response/unused',
    actions: [
      {
        type: 'button',
        action_id: input.action_id,
        block_id: input.block_id ?? 'actions',
        text: { type: 'plain_text', text: input.text ?? input.action_id, emoji: true },
        ...(input.value !== undefined ? { value: input.value } : {}),
        action_ts: input.action_ts ?? '1764424801.000000',
      },
    ],
  };
}

/** `values[block_id][action_id] = value` as typed into plain_text_input elements. */
export type ViewValuesInput = Record<
  string,
  Record<string, string | { type: string; [key: string]: unknown }>
>;

export interface ViewSubmissionInput {
  callback_id: string;
  private_metadata?: string;
  values?: ViewValuesInput;
  user?: string | { id: string; username?: string; name?: string };
  view_id?: string;
  team_id?: string;
  trigger_id?: string;
}

/** The interactivity payload of a modal submission. Plain strings become plain_text_input values. */
export function viewSubmission(input: ViewSubmissionInput): Record<string, unknown> {
  const team = input.team_id ?? defaults.team_id;
  const values: Record<string, Record<string, unknown>> = {};
  for (const [blockId, actions] of Object.entries(input.values ?? {})) {
    values[blockId] = {};
    for (const [actionId, value] of Object.entries(actions)) {
      values[blockId][actionId] = typeof value === 'string' ? { type: 'plain_text_input', value } : value;
    }
  }
  return {
    type: 'view_submission',
    team: { id: team, domain: defaults.team_domain },
    user: userObject(input.user, team),
    api_app_id: defaults.api_app_id,
    token: defaults.token,
    trigger_id: input.trigger_id ?? nextTrigger(),
    view: {
      id: input.view_id ?? 'V00000001',
      team_id: team,
      type: 'modal',
      blocks: [],
      private_metadata: input.private_metadata ?? '',
      callback_id: input.callback_id,
      state: { values },
      hash: '1764424800.abcdef',
      title: { type: 'plain_text', text: 'runbook-bot' },
      close: null,
      submit: { type: 'plain_text', text: 'OK' },
      root_view_id: input.view_id ?? 'V00000001',
      app_id: defaults.api_app_id,
      bot_id: 'BBOT',
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
