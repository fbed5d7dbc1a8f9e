import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/core/catalog.ts';
import type { ChatContent } from '../../../src/core/chat/chat-content.ts';
import type { ChatDeps } from '../../../src/core/chat/chat-deps.ts';
import type { ChatDestination, ChatPort, DeliveryFailure } from '../../../src/core/chat/chat-port.ts';
import { deliverPending, sendOnce } from '../../../src/core/outbox/outbox.ts';
import type { Store } from '../../../src/store/store.ts';
import { FakeClock } from '../../support/fake-clock.ts';
import { openTempStore } from '../../support/temp-data-dir.ts';

/** A chat that keeps what it was asked to deliver; `failNext` makes the next delivery throw. */
class RecordingChat implements ChatPort {
  readonly attemptTimeoutMs = 1000;
  readonly delivered: { to: ChatDestination; content: ChatContent; key: string }[] = [];
  private failures: DeliveryFailure[] = [];
  failNext(failure: DeliveryFailure): void {
    this.failures.push(failure);
  }
  async deliver(to: ChatDestination, content: ChatContent, key: string): Promise<string> {
    const failure = this.failures.shift();
    if (failure) throw Object.assign(new Error(failure.code), { failure });
    this.delivered.push({ to, content, key });
    return `ref-${this.delivered.length}`;
  }
  classifyFailure(error: unknown): DeliveryFailure {
    return (error as { failure?: DeliveryFailure }).failure ?? { kind: 'uncertain', code: 'unknown' };
  }
  isChannelProblem(): boolean {
    return false;
  }
  async findDelivered(): Promise<string | null> {
    return null;
  }
  post(): Promise<string> {
    throw new Error('not used by the outbox');
  }
  update(): Promise<void> {
    throw new Error('not used by the outbox');
  }
  updateOnce(): Promise<void> {
    throw new Error('not used by the outbox');
  }
  ephemeral(): Promise<void> {
    throw new Error('not used by the outbox');
  }
  upload(): Promise<void> {
    throw new Error('not used by the outbox');
  }
  openForm(): Promise<void> {
    throw new Error('not used by the outbox');
  }
  async groupMembers(): Promise<string[]> {
    return [];
  }
}

describe('outbox through the chat port', () => {
  let clock: FakeClock;
  let store: Store;
  let dispose: () => void;
  let chat: RecordingChat;
  let deps: ChatDeps;
  beforeEach(() => {
    clock = new FakeClock();
    ({ store, dispose } = openTempStore(clock));
    chat = new RecordingChat();
    deps = {
      store,
      clock,
      chat,
      logger: pino({ level: 'silent' }),
      catalog: new Catalog([]),
      timeZone: 'UTC',
    } as unknown as ChatDeps;
  });
  afterEach(() => dispose());

  const notice: ChatContent = { kind: 'procedure_done', locale: 'en', sectionTitle: 'Restart' };

  it('sends a message once, with its destination and chat-neutral content, however often it is queued', async () => {
    const input = {
      key: 'k1',
      incidentId: null,
      kind: 'notice',
      to: { channel: 'C1', thread: '1.0' },
      content: notice,
    };
    expect(await sendOnce(deps, input)).toBe('ref-1');
    expect(await sendOnce(deps, input)).toBeNull();
    await deliverPending(deps);
    expect(chat.delivered).toEqual([{ to: { channel: 'C1', thread: '1.0' }, content: notice, key: 'k1' }]);
  });

  it('a throttled message waits for the retry-after and is sent by a later tick', async () => {
    chat.failNext({ kind: 'rate_limited', code: 'ratelimited', retryAfterMs: 30_000 });
    await sendOnce(deps, {
      key: 'k2',
      incidentId: null,
      kind: 'notice',
      to: { channel: 'C1' },
      content: notice,
    });
    expect(chat.delivered).toEqual([]);
    await deliverPending(deps);
    expect(chat.delivered).toEqual([]); // not due yet
    await clock.advance(30_000);
    await deliverPending(deps);
    expect(chat.delivered.map((sent) => sent.key)).toEqual(['k2']);
    expect(store.pendingMessages(10)).toEqual([]);
  });

  it('a reply whose thread is gone still reaches the channel', async () => {
    chat.failNext({ kind: 'card_gone', code: 'thread_not_found' });
    await sendOnce(deps, {
      key: 'k3',
      incidentId: null,
      kind: 'notice',
      to: { channel: 'C1', thread: '9.9', broadcast: true },
      content: notice,
    });
    expect(chat.delivered).toEqual([{ to: { channel: 'C1' }, content: notice, key: 'k3' }]);
  });

  it('a message queued by an older version as a rendered message is sent as it was rendered', async () => {
    const rendered = { channel: 'C2', threadTs: '5.5', text: 'final report', blocks: [{ type: 'divider' }] };
    store.enqueueMessage({ key: 'old-1', incidentId: null, kind: 'final_report', payload: rendered });
    await deliverPending(deps);
    expect(chat.delivered).toEqual([
      {
        to: { channel: 'C2', thread: '5.5' },
        content: { kind: 'prerendered', message: rendered },
        key: 'old-1',
      },
    ]);
  });
});
