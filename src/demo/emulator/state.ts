import type {
  FakeEphemeral,
  FakeFile,
  FakeMessage,
  FakeSlackOptions,
  FakeUser,
  FakeView,
  RecordedCall,
  ResponseUrlPost,
} from './types.ts';

/** A trigger_id opens a modal only within 3 seconds of the interaction. */
export const TRIGGER_TTL_MS = 3_000;

/** What the fake Slack workspace holds: messages, files, views, groups. Mutated by the methods. */
export class FakeSlackState {
  readonly calls: RecordedCall[] = [];
  readonly messages: FakeMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly files: FakeFile[] = [];
  readonly views: FakeView[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly userGroups = new Map<string, string[]>();
  readonly notInChannels: Set<string>;
  readonly missingChannels: Set<string>;
  readonly token: string | null;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly strictThreads: boolean;
  /** Channel -> members; channels without an entry have everyone as a member. */
  readonly channelMembers = new Map<string, Set<string>>();
  /** When set, every call with a token answers this error (see FakeSlackOptions.tokenError). */
  tokenError: string | null;
  /** trigger_id -> when the emulator issued it (valid 3 s); ids it did not issue count as fresh. */
  readonly triggers = new Map<string, number>();
  /** response_url -> when the emulator issued it (valid 30 minutes, 5 posts). */
  readonly responseUrlsIssued = new Map<string, number>();
  /** The emulator's clock (set by startSlackEmulator). */
  now: () => number = () => 0;
  origin = '';
  private seq = 0;
  private idSeq = 0;
  private readonly firstTs: number;

  constructor(private readonly options: FakeSlackOptions = {}) {
    this.token = options.token === undefined ? 'xoxb-fake' : options.token;
    this.teamId = options.teamId ?? 'T0FAKE';
    this.botUserId = options.botUserId ?? 'UBOT';
    this.botId = options.botId ?? 'BBOT';
    this.strictThreads = options.strictThreads ?? true;
    this.firstTs = options.firstTs ?? 1_764_424_800;
    this.notInChannels = new Set(options.notInChannels);
    this.missingChannels = new Set(options.missingChannels);
    for (const [id, users] of Object.entries(options.userGroups ?? {})) this.userGroups.set(id, users);
    for (const [id, users] of Object.entries(options.channelMembers ?? {})) {
      this.channelMembers.set(id, new Set(users));
    }
    this.tokenError = options.tokenError ?? null;
  }

  /** False only for a channel with a member list that does not name `user`. */
  isMember(channel: string, user: string): boolean {
    const members = this.channelMembers.get(channel);
    return !members || members.has(user);
  }

  /** null when views.open may use the trigger, else Slack's error code. */
  triggerError(trigger: string): string | null {
    if (trigger.startsWith('expired')) return 'expired_trigger_id';
    const issued = this.triggers.get(trigger);
    return issued !== undefined && this.now() - issued > TRIGGER_TTL_MS ? 'expired_trigger_id' : null;
  }

  /** Unique, increasing, shaped like Slack's: "1764424800.000100", "1764424800.000200", … */
  nextTs(): string {
    this.seq += 1;
    const micros = this.seq * 100;
    const seconds = this.firstTs + Math.floor(micros / 1_000_000);
    return `${seconds}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  nextId(prefix: string): string {
    this.idSeq += 1;
    return `${prefix}${String(this.idSeq).padStart(8, '0')}`;
  }

  /** null when the bot may post there, else the Slack error code. */
  channelError(channel: string | undefined): string | null {
    if (!channel || !/^[CGDU][A-Z0-9]+$/.test(channel) || this.missingChannels.has(channel)) {
      return 'channel_not_found';
    }
    return this.notInChannels.has(channel) ? 'not_in_channel' : null;
  }

  channelName(channel: string): string {
    return this.options.channelNames?.[channel] ?? channel.toLowerCase();
  }

  user(id: string): FakeUser {
    const given = this.options.users?.[id] ?? {};
    return {
      id,
      name: given.name ?? id.toLowerCase(),
      real_name: given.real_name ?? `User ${id}`,
      tz: given.tz ?? 'America/Sao_Paulo',
    };
  }

  findMessage(channel: string, ts: string): FakeMessage | undefined {
    return this.messages.find((message) => message.channel === channel && message.ts === ts);
  }
}
