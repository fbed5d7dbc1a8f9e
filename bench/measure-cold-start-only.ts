// `node --import tsx bench/measure-cold-start-only.ts [--runs N] [--no-build] [--bot-bin BIN]`: only the cold-start
// part of `npm run bench` (the same spawns, the same world), for iterating on start-up in ~30 s.
// Prints the runs and the ratio of the medians; `--json` prints the numbers as JSON. `--bot-bin`: another
// build's bin/runbook-bot.js (e.g. a copy of an older commit, built), measured against the same bare Bolt.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { coldStartServers, compileBareBolt, measureColdStarts } from './measure-cold-start.ts';
import { REPO, setUpWorld } from './setup.ts';
import { round1, round2 } from './stats.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'bot-bin': { type: 'string' },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs wants a positive whole number, got "${values.runs}"\n`);
  process.exit(2);
}
if (!values['no-build']) {
  process.stderr.write('building the compiled bot (npm run build)…\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] });
}
const world = await setUpWorld();
try {
  const { startBot, startBare } = coldStartServers(world, {
    botBin: path.resolve(values['bot-bin'] ?? path.join(REPO, 'bin/runbook-bot.js')),
    bareBolt: compileBareBolt(REPO),
  });
  const result = await measureColdStarts(
    { bot: startBot, bare: async () => startBare(await world.freePort()) },
    runs,
  );
  const numbers = {
    coldStartMs: round1(result.botMedianMs),
    coldStartRunsMs: result.botMs.map(round1),
    bareBoltColdStartMs: round1(result.bareMedianMs),
    bareBoltColdStartRunsMs: result.bareMs.map(round1),
    coldStartRatioVsBareBolt: round2(result.ratio),
  };
  if (values.json) process.stdout.write(`${JSON.stringify(numbers, null, 2)}\n`);
  else
    process.stdout.write(
      `bot ${numbers.coldStartRunsMs.join(', ')} ms (median ${numbers.coldStartMs})\n` +
        `bare ${numbers.bareBoltColdStartRunsMs.join(', ')} ms (median ${numbers.bareBoltColdStartMs})\n` +
        `ratio ${numbers.coldStartRatioVsBareBolt}\n`,
    );
} finally {
  await world.close();
}
process.exit(0);
