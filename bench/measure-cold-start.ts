// Cold start of the compiled bot against a bare Bolt app, measured in the same run: spawns of the
// two alternate (bot first, then bare first, …) so a busy machine slows both alike, and the ratio of
// the medians is what `coldStartRatioVsBareBolt` reports.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { type BenchWorld, REPO } from './setup.ts';
import { type SpawnedServer, spawnServer } from './spawn-server.ts';
import { median } from './stats.ts';

export interface ColdStartResult {
  botMs: number[];
  bareMs: number[];
  botMedianMs: number;
  bareMedianMs: number;
  ratio: number;
}

/**
 * `runs` timed starts of each, interleaved, after one untimed start of each (the bot's first start
 * creates its SQLite file; both fill the disk cache). Every process is stopped before the next
 * one starts, so a measurement never shares the CPU with the other server.
 */
export async function measureColdStarts(
  start: { bot: () => Promise<SpawnedServer>; bare: () => Promise<SpawnedServer> },
  runs: number,
): Promise<ColdStartResult> {
  const once = async (which: 'bot' | 'bare') => {
    const server = await start[which]();
    await server.stop();
    return server.startMs;
  };
  await once('bot');
  await once('bare');
  const botMs: number[] = [];
  const bareMs: number[] = [];
  for (let run = 0; run < runs; run++) {
    const order: ('bot' | 'bare')[] = run % 2 === 0 ? ['bot', 'bare'] : ['bare', 'bot'];
    for (const which of order) (which === 'bot' ? botMs : bareMs).push(await once(which));
  }
  const botMedianMs = median(botMs);
  const bareMedianMs = median(bareMs);
  return { botMs, bareMs, botMedianMs, bareMedianMs, ratio: botMedianMs / bareMedianMs };
}

/**
 * The bare Bolt app as plain JavaScript (dist/bench/bare-bolt.js), so it starts like the compiled
 * bot: without the tsx loader, whose start-up cost would flatter the ratio. Returns its path.
 */
export function compileBareBolt(repo: string): string {
  const source = path.join(repo, 'bench/bare-bolt.ts');
  const out = path.join(repo, 'dist/bench/bare-bolt.js');
  const { outputText } = ts.transpileModule(readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: source,
  });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, outputText);
  return out;
}

/**
 * How the bench starts its two servers: the compiled bot (`serve`, NODE_ENV=production, ready when
 * /healthz answers 200) and the bare Bolt app (ready when its receiver answers 404 on `/`).
 */
export function coldStartServers(world: BenchWorld, options: { botBin: string; bareBolt: string }) {
  const startBot = async () => {
    const port = await world.freePort();
    const server = await spawnServer({
      args: [options.botBin, 'serve'],
      env: world.botEnv(port),
      cwd: world.root,
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      readyStatus: 200,
    });
    return { ...server, url: `http://127.0.0.1:${port}/slack/events` };
  };
  const startBare = async (port: number) =>
    spawnServer({
      args: [options.bareBolt],
      env: { ...world.botEnv(port), NODE_ENV: 'production' },
      cwd: REPO,
      readyUrl: `http://127.0.0.1:${port}/`,
      readyStatus: 404,
    });
  return { startBot, startBare };
}
