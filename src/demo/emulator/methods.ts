import { isRecord, str } from './body.ts';
import type { FakeSlackState } from './state.ts';
import { messageBlockProblems, viewProblems } from './validate-blocks.ts';

export type Answer = Record<string, unknown> & { ok: boolean };
type Args = Record<string, unknown>;
type Method = (state: FakeSlackState, args: Args) => Answer;

const fail = (error: string): Answer => ({ ok: false, error });
/** Slack's answer to blocks it refuses: the code plus one json-pointer message per problem. */
const blocksFailure = (args: Args, allowEmpty: boolean): Answer | null => {
  const errors = messageBlockProblems(args.blocks, { allowEmpty });
  return errors.length > 0 ? { ok: false, error: 'invalid_blocks', errors } : null;
};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function messageView(state: FakeSlackState, ts: string, args: Args): Record<string, unknown> {
  return {
    type: 'message',
    user: state.botUserId,
    bot_id: state.botId,
    ts,
    text: str(args.text) ?? '',
    blocks: list(args.blocks),
    ...(str(args.thread_ts) ? { thread_ts: str(args.thread_ts) } : {}),
  };
}

function threadError(state: FakeSlackState, channel: string, threadTs: string | undefined): string | null {
  if (!threadTs || !state.strictThreads) return null;
  const parent = state.findMessage(channel, threadTs);
  return parent && !parent.thread_ts ? null : 'thread_not_found';
}

const postMessage: Method = (state, args) => {
  const channel = str(args.channel);
  const problem = state.channelError(channel);
  if (problem || !channel) return fail(problem ?? 'channel_not_found');
  const invalidBlocks = blocksFailure(args, false);
  if (invalidBlocks) return invalidBlocks;
  if (!str(args.text) && list(args.blocks).length === 0 && list(args.attachments).length === 0) {
    return fail('no_text');
  }
  const threadTs = str(args.thread_ts);
  const threadProblem = threadError(state, channel, threadTs);
  if (threadProblem) return fail(threadProblem);
  const ts = state.nextTs();
  state.messages.push({
    channel,
    ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: str(args.text) ?? '',
    blocks: list(args.blocks),
    attachments: list(args.attachments),
    user: state.botUserId,
    ...(args.reply_broadcast === true || args.reply_broadcast === 'true' ? { reply_broadcast: true } : {}),
    ...(isRecord(args.metadata) ? { metadata: args.metadata } : {}),
    updates: 0,
  });
  return { ok: true, channel, ts, message: messageView(state, ts, args) };
};

const update: Method = (state, args) => {
  const channel = str(args.channel) ?? '';
  const problem = state.channelError(channel);
  if (problem) return fail(problem);
  const message = state.findMessage(channel, str(args.ts) ?? '');
  if (!message) return fail('message_not_found');
  const invalidBlocks = blocksFailure(args, true);
  if (invalidBlocks) return invalidBlocks;
  if (args.text !== undefined) message.text = str(args.text) ?? '';
  if (args.blocks !== undefined) message.blocks = list(args.blocks);
  if (args.attachments !== undefined) message.attachments = list(args.attachments);
  message.updates += 1;
  return {
    ok: true,
    channel,
    ts: message.ts,
    text: message.text,
    message: { text: message.text, user: state.botUserId, blocks: message.blocks },
  };
};

const remove: Method = (state, args) => {
  const channel = str(args.channel) ?? '';
  const index = state.messages.findIndex((m) => m.channel === channel && m.ts === str(args.ts));
  if (index < 0) return fail('message_not_found');
  state.messages.splice(index, 1);
  return { ok: true, channel, ts: str(args.ts) };
};

const postEphemeral: Method = (state, args) => {
  const channel = str(args.channel) ?? '';
  const problem = state.channelError(channel);
  if (problem) return fail(problem);
  const user = str(args.user);
  // Slack delivers an ephemeral only to a member of the channel, even a public one.
  if (!user || !state.isMember(channel, user)) return fail('user_not_in_channel');
  const invalidBlocks = blocksFailure(args, false);
  if (invalidBlocks) return invalidBlocks;
  if (!str(args.text) && list(args.blocks).length === 0) return fail('no_text');
  const ts = state.nextTs();
  const threadTs = str(args.thread_ts);
  state.ephemerals.push({
    channel,
    user,
    ts,
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text: str(args.text) ?? '',
    blocks: list(args.blocks),
  });
  return { ok: true, message_ts: ts };
};

const getPermalink: Method = (state, args) => {
  const channel = str(args.channel) ?? '';
  const message = state.findMessage(channel, str(args.message_ts) ?? '');
  if (!message) return fail('message_not_found');
  const path = `https://fake-slack.local/archives/${channel}/p${message.ts.replace('.', '')}`;
  const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
  return { ok: true, channel, permalink: `${path}${thread}` };
};

function openOrUpdateView(state: FakeSlackState, args: Args, existingId?: string): Answer {
  if (!isRecord(args.view)) return fail('invalid_arguments');
  const problems = viewProblems(args.view);
  if (problems.length > 0) {
    return { ok: false, error: 'invalid_arguments', response_metadata: { messages: problems } };
  }
  const hash = state.nextId('hash');
  const existing = existingId ? state.views.find((view) => view.id === existingId) : undefined;
  const id = existing?.id ?? state.nextId('V');
  const view = { ...args.view, id, team_id: state.teamId, state: { values: {} }, hash };
  if (existing) {
    existing.view = view;
    existing.hash = hash;
    existing.updates += 1;
  } else {
    const trigger = str(args.trigger_id);
    state.views.push({ id, ...(trigger ? { trigger_id: trigger } : {}), view, hash, updates: 0 });
  }
  return { ok: true, view };
}

const viewsOpen: Method = (state, args) => {
  const trigger = str(args.trigger_id);
  if (!trigger) return fail('invalid_trigger_id');
  const triggerProblem = state.triggerError(trigger);
  if (triggerProblem) return fail(triggerProblem);
  return openOrUpdateView(state, args);
};

const viewsUpdate: Method = (state, args) => {
  const id = str(args.view_id);
  const existing = state.views.find(
    (view) =>
      view.id === id || (args.external_id !== undefined && view.view.external_id === args.external_id),
  );
  if (!existing) return fail('not_found');
  const hash = str(args.hash);
  if (hash && hash !== existing.hash) return fail('hash_conflict');
  return openOrUpdateView(state, args, existing.id);
};

const usergroupUsers: Method = (state, args) => {
  const users = state.userGroups.get(str(args.usergroup) ?? '');
  return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
};

const usersInfo: Method = (state, args) => {
  const id = str(args.user) ?? '';
  if (!/^[UW][A-Z0-9]+$/.test(id)) return fail('user_not_found');
  const user = state.user(id);
  return {
    ok: true,
    user: {
      ...user,
      team_id: state.teamId,
      is_bot: id === state.botUserId,
      profile: { display_name: user.name, real_name: user.real_name },
    },
  };
};

const conversationsInfo: Method = (state, args) => {
  const channel = str(args.channel) ?? '';
  const problem = state.channelError(channel);
  if (problem === 'channel_not_found') return fail(problem);
  return {
    ok: true,
    channel: {
      id: channel,
      name: state.channelName(channel),
      is_channel: channel.startsWith('C'),
      is_private: channel.startsWith('G'),
      is_member: problem === null,
    },
  };
};

const getUploadUrl: Method = (state, args) => {
  const filename = str(args.filename);
  const length = Number(str(args.length));
  if (!filename || !Number.isFinite(length)) return fail('invalid_arguments');
  const id = state.nextId('F');
  const altText = str(args.alt_text);
  state.files.push({
    id,
    filename,
    content: Buffer.alloc(0),
    channel: null,
    ...(altText ? { alt_text: altText } : {}),
  });
  return { ok: true, upload_url: `${state.origin}/upload/${id}`, file_id: id };
};

const completeUpload: Method = (state, args) => {
  const requested = list(args.files).filter(isRecord);
  if (requested.length === 0) return fail('invalid_arguments');
  const channel = str(args.channel_id) ?? str(args.channels);
  if (channel) {
    const problem = state.channelError(channel);
    if (problem) return fail(problem);
    const threadProblem = threadError(state, channel, str(args.thread_ts));
    if (threadProblem) return fail(threadProblem);
  }
  const found = requested.map((entry) => ({ entry, file: state.files.find((f) => f.id === str(entry.id)) }));
  if (found.some(({ file }) => !file)) return fail('file_not_found');
  const threadTs = str(args.thread_ts);
  const comment = str(args.initial_comment);
  const files = found.map(({ entry, file }) => {
    if (!file) throw new Error('unreachable');
    const title = str(entry.title);
    if (title) file.title = title;
    file.channel = channel ?? null;
    if (threadTs) file.thread_ts = threadTs;
    if (comment) file.initial_comment = comment;
    return {
      id: file.id,
      name: file.filename,
      title: file.title ?? file.filename,
      size: file.content.length,
    };
  });
  return { ok: true, files };
};

const authTest: Method = (state) => ({
  ok: true,
  url: 'https://fake-slack.local/',
  team: 'Fake Workspace',
  user: 'runbook-bot',
  team_id: state.teamId,
  user_id: state.botUserId,
  bot_id: state.botId,
  is_enterprise_install: false,
});

/** conversations.history / .replies: newest first, since `oldest`; metadata only when asked for. */
function readMessages(state: FakeSlackState, args: Args, thread: boolean): Answer {
  const channel = str(args.channel) ?? '';
  const problem = state.channelError(channel);
  if (problem) return fail(problem);
  const parent = str(args.ts);
  if (thread && !state.findMessage(channel, parent ?? '')) return fail('thread_not_found');
  const oldest = Number(str(args.oldest) ?? '0');
  const withMetadata = args.include_all_metadata === true || args.include_all_metadata === 'true';
  const found = state.messages.filter(
    (m) =>
      m.channel === channel &&
      Number(m.ts) >= oldest &&
      (thread ? m.ts === parent || m.thread_ts === parent : !m.thread_ts || m.reply_broadcast),
  );
  const messages = found.map((m) => ({
    type: 'message',
    user: m.user,
    ts: m.ts,
    text: m.text,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
  }));
  return { ok: true, messages: thread ? messages : messages.reverse(), has_more: false };
}

export const methods: Record<string, Method> = {
  'conversations.history': (state, args) => readMessages(state, args, false),
  'conversations.replies': (state, args) => readMessages(state, args, true),
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': getPermalink,
  'views.open': viewsOpen,
  'views.update': viewsUpdate,
  'usergroups.users.list': usergroupUsers,
  'users.info': usersInfo,
  'conversations.info': conversationsInfo,
  'files.getUploadURLExternal': getUploadUrl,
  'files.completeUploadExternal': completeUpload,
};
