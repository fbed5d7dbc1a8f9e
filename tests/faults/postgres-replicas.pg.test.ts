import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SpawnedServer, spawnServer } from '../../bench/spawn-server.ts';
import { freePort } from '../../sandbox/free-port.ts';
import { systemClock } from '../../src/core/ports.ts';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { type PostgresCluster, startPostgresCluster } from '../support/postgres-cluster.ts';
import {
  APPROVER,
  approvalIdIn,
  type FaultWorld,
  slackClient,
  startFaultWorld,
  textOf,
} from './support/fault-bot.ts';

/**
 * Two replicas (`runbook-bot serve`, child processes) on one PostgreSQL (a throwaway cluster):
 * clicks spread over both run a change once, a replica killed mid-change is reported interrupted
 * by the other and never re-run, a replica killed after the card leaves its escalation to the
 * other, and a database restart loses and duplicates no ping.
 * Guards: every claim is a conditional statement in PostgreSQL (src/store/postgres/pg-operations.ts),
 * owners and heartbeats, the escalation claim + outbox key in one transaction, store errors that
 * never crash a process (ticks, heartbeats, the ack path).
 */
const BIN = path.resolve('bin/runbook-bot.js');
const PING = 'subteam^S01DEVOPS0';

type Replica = SpawnedServer & { url: string };

describe('two replicas on one PostgreSQL', () => {
  let cluster: PostgresCluster;
  let databaseUrl: string;
  let world: FaultWorld;
  let reader: PostgresStore;
  const replicas: Replica[] = [];

  const startReplica = async (): Promise<Replica> => {
    const port = await freePort();
    const server = await spawnServer({
      args: [BIN, 'serve'],
      // Short heartbeats: a killed replica's run counts as interrupted ~3 s after the kill (not
      // shorter: on a loaded 2-core host a live replica's beat can be late by ~1 s).
      env: world.env(port, { DATABASE_URL: databaseUrl, CHANGE_HEARTBEAT_MS: '1000', LOG_LEVEL: 'warn' }),
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
      timeoutMs: 240_000,
    });
    const replica = { ...server, url: `http://127.0.0.1:${port}/slack/events` };
    replicas.push(replica);
    return replica;
  };
  /** Two live replicas (a test before may have killed one). */
  const twoReplicas = async (): Promise<[Replica, Replica]> => {
    while (replicas.length < 2) await startReplica();
    return [replicas[0]!, replicas[1]!];
  };
  const kill = async (replica: Replica) => {
    const exited = new Promise((resolve) => replica.child.once('exit', resolve));
    replica.child.kill('SIGKILL');
    await exited;
    replicas.splice(replicas.indexOf(replica), 1);
  };
  /**
   * Signed requests to one replica. A request that meets a keep-alive socket the replica is closing
   * at that moment (undici: "other side closed") is sent again, as Slack would.
   */
  const client = (replica: Replica) => {
    const slack = slackClient(world, () => replica.url);
    const again = async <T>(send: () => Promise<T>): Promise<T> => {
      try {
        return await send();
      } catch (error) {
        if (!/other side closed|ECONNRESET/.test(`${String(error)} ${String((error as Error).cause)}`))
          throw error;
        return send();
      }
    };
    return {
      slash: (...args: Parameters<typeof slack.slash>) => again(() => slack.slash(...args)),
      click: (...args: Parameters<typeof slack.click>) => again(() => slack.click(...args)),
    };
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  async function requestRestart(replica: Replica, channel: string) {
    await client(replica).slash('restart', { channel, user: 'U111' });
    const card = await world.fake.waitFor(() => approvalIdIn(world.fake, channel), 60_000);
    const threadTs = world.fake.channelMessages(channel)[0]?.ts ?? card.ts;
    return { ...card, threadTs };
  }
  const approve = (replica: Replica, channel: string, card: { id: string; ts: string; threadTs: string }) =>
    client(replica).click({
      action_id: 'approve',
      value: card.id,
      user: APPROVER,
      channel,
      message_ts: card.ts,
      thread_ts: card.threadTs,
      action_ts: `${Date.now() / 1000}.${Math.floor(Math.random() * 1e6)}`,
    });
  const changeRuns = (approvalId: string) => {
    const approval = reader.getApproval(approvalId);
    if (!approval) return [];
    return reader
      .listTimeline(approval.incidentId)
      .filter((entry) => entry.kind === 'change_run' && JSON.stringify(entry.data).includes(approvalId));
  };
  /** What the store and Slack hold for a channel, for a failure message. */
  const explain = (channel: string): string => {
    const incident = incidentIn(channel);
    if (!incident) return `no incident in ${channel}`;
    const messages = world.fake.messages
      .filter((m) => m.channel === channel)
      .map((m) => textOf(m).slice(0, 200));
    return JSON.stringify(
      {
        incident,
        escalations: reader.listEscalations(incident.id),
        timeline: reader.listTimeline(incident.id).map((e) => `${e.kind}: ${e.summary}`),
        pending: reader.pendingMessages(50),
        messages,
      },
      null,
      1,
    );
  };
  const incidentIn = (channel: string) =>
    reader.listIncidents({ limit: 1_000 }).find((incident) => incident.channel === channel) ?? null;

  beforeAll(async () => {
    cluster = await startPostgresCluster();
    databaseUrl = await cluster.createDatabase('runbook_bot');
    // restart-fixes-it: the check fails until the api restarts, so an approval really runs the change.
    world = await startFaultWorld({
      scenario: 'restart-fixes-it',
      binding: { escalation: [{ notify: ['DevOps Lead'], after: '6s' }] },
    });
    // Both start together: the migrations run once (advisory lock), both become ready.
    await Promise.all([startReplica(), startReplica()]);
    reader = openPostgresStore({ url: databaseUrl, clock: systemClock });
  }, 600_000);
  afterAll(async () => {
    for (const replica of [...replicas]) await replica.stop();
    reader?.close();
    await world?.close();
    cluster?.stop();
  }, 60_000);

  it('20 approve clicks spread over both replicas restart the service once', async () => {
    await world.sandbox.setScenario('restart-fixes-it');
    const channel = 'C0PGCLICKS';
    const [a, b] = await twoReplicas();
    const card = await requestRestart(a, channel);
    const before = await world.sandbox.restartCount();
    await Promise.all(Array.from({ length: 20 }, (_, i) => approve(i % 2 === 0 ? a : b, channel, card)));
    await world.fake
      .waitFor(() => reader.getApproval(card.id)?.state === 'succeeded', 180_000)
      .catch((error: unknown) => {
        throw new Error(
          `${String(error)}\n${JSON.stringify(reader.getApproval(card.id))}\n${explain(channel)}`,
        );
      });
    await sleep(2_000); // a late second run would show now
    expect(await world.sandbox.restartCount()).toBe(before + 1);
    expect(changeRuns(card.id)).toHaveLength(1);
  }, 300_000);

  it('a replica killed during a running change: the other marks it interrupted once, it never runs again', async () => {
    await world.sandbox.setScenario('restart-fixes-it');
    const channel = 'C0PGKILLRUN';
    const [a] = await twoReplicas();
    const card = await requestRestart(a, channel);
    const before = await world.sandbox.restartCount();
    await approve(a, channel, card);
    // The sandbox counts the restart when it stops the api, then takes ~1 s to start it: kill then.
    const deadline = Date.now() + 30_000;
    while ((await world.sandbox.restartCount()) === before && Date.now() < deadline) await sleep(20);
    expect(reader.getApproval(card.id)?.state).toBe('running');
    await kill(a);
    // The surviving replica's tick finds the heartbeat expired (3 × 1 s) and fails the run.
    await world.fake.waitFor(() => reader.getApproval(card.id)?.state === 'failed' || undefined, 60_000);
    expect(reader.getApproval(card.id)?.reason).toMatch(/^interrupted \(the process running it stopped/);
    const interrupted = () =>
      world.fake.threadReplies(channel, card.threadTs).filter((m) => textOf(m).includes('interrupted'));
    await world.fake.waitFor(() => interrupted().length > 0 || undefined, 60_000);
    await startReplica();
    await sleep(6_000); // both replicas tick at least once more
    expect(interrupted()).toHaveLength(1);
    expect(await world.sandbox.restartCount()).toBe(before + 1);
    expect(changeRuns(card.id)).toHaveLength(1);
  }, 400_000);

  it('a replica killed right after the card: the other fires the escalation, once', async () => {
    const channel = 'C0PGKILLESC';
    const [a] = await twoReplicas();
    await client(a).slash('diagnose', { channel });
    // Right after the card is recorded and the diagnose answered in its thread (a kill between
    // posting the card and recording it is another window: the card would be posted again).
    await world.fake.waitFor(() => {
      const cardTs = incidentIn(channel)?.cardTs;
      return cardTs && world.fake.threadReplies(channel, cardTs).length > 0;
    }, 60_000);
    await kill(a);
    const pings = () => world.fake.messages.filter((m) => m.channel === channel && textOf(m).includes(PING));
    await world.fake
      .waitFor(() => pings().length > 0 || undefined, 60_000)
      .catch((error: unknown) => {
        throw new Error(
          `${String(error)}\n${explain(channel)}\n${replicas.map((r) => r.tail()).join('\n---\n')}`,
        );
      });
    await startReplica();
    await sleep(6_000);
    expect(pings()).toHaveLength(1);
    const incident = incidentIn(channel);
    expect(reader.listTimeline(incident!.id).filter((entry) => entry.kind === 'escalation')).toHaveLength(1);
  }, 400_000);

  it('the database restarted mid-incident: a command meanwhile hears why, and the ping arrives once', async () => {
    const channel = 'C0PGDBDOWN';
    const [a, b] = await twoReplicas();
    await client(a).slash('diagnose', { channel });
    await world.fake.waitFor(() => {
      const cardTs = incidentIn(channel)?.cardTs;
      return cardTs && world.fake.threadReplies(channel, cardTs).length > 0;
    }, 60_000);
    cluster.halt();
    try {
      // Acked, and told in plain words that nothing was started.
      const answered = world.fake.responses.length;
      await client(b).slash('diagnose', { channel });
      const reply = await world.fake.waitFor(
        () => world.fake.responses.slice(answered).find((r) => JSON.stringify(r.body).includes('database')),
        30_000,
      );
      expect(JSON.stringify(reply.body)).toContain('not reachable right now, so nothing was started');
      // Readiness says which part is missing; the process stays up.
      const health = await fetch(a.url.replace('/slack/events', '/healthz'));
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ live: true, ready: false, checks: { database: false } });
      await sleep(7_000); // the 6 s escalation falls due while the database is down
    } finally {
      cluster.start();
    }
    const pings = () => world.fake.messages.filter((m) => m.channel === channel && textOf(m).includes(PING));
    await world.fake
      .waitFor(() => pings().length > 0 || undefined, 60_000)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${explain(channel)}`);
      });
    await sleep(6_000);
    expect(pings()).toHaveLength(1);
    const incident = incidentIn(channel);
    expect(reader.listTimeline(incident!.id).filter((entry) => entry.kind === 'escalation')).toHaveLength(1);
    // Both replicas survived the outage and are ready again.
    for (const replica of replicas) expect(replica.child.exitCode).toBeNull();
  }, 400_000);
});
