// One fresh process of bench/measure-parse.ts: loads the runbooks of one folder with `loadRunbooks`
// (as `serve`, `lint` and `doctor` do at start) and prints, as one JSON line, how long importing the
// runbook code took and how long the first and a second load of the folder took: wall time, and
// the CPU time of the process over the same span (steadier than wall time on a busy machine; it
// includes V8's helper threads, such as the garbage collector's).
// `node --import tsx bench/parse-once.ts DIR` (or the compiled copy measure-parse.ts builds).
import { setFlagsFromString } from 'node:v8';

// As bin/runbook-bot.js: WebAssembly (the bash grammar) on V8's baseline compiler only. Set before
// the runbook code (and so the grammar) is compiled.
setFlagsFromString('--liftoff-only');

const dir = process.argv[2];
if (dir === undefined) {
  process.stderr.write('usage: parse-once.ts DIR\n');
  process.exit(2);
}
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
const started = performance.now();
const cpuStarted = cpuMs();
const { loadRunbooks } = await import('../src/runbook/load-runbooks.ts');
const imported = performance.now();
const cpuImported = cpuMs();
const first = await loadRunbooks(dir);
const loadedOnce = performance.now();
const cpuLoadedOnce = cpuMs();
await loadRunbooks(dir);
const loadedTwice = performance.now();
process.stdout.write(
  `${JSON.stringify({
    importMs: imported - started,
    firstLoadMs: loadedOnce - imported,
    secondLoadMs: loadedTwice - loadedOnce,
    importCpuMs: cpuImported - cpuStarted,
    firstLoadCpuMs: cpuLoadedOnce - cpuImported,
    files: first.files.length,
    problems: first.problems.length,
  })}\n`,
);
