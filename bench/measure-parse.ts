// How long the first parse of a runbook folder takes in a fresh process (the part of `serve`'s,
// `lint`'s and `doctor`'s start that is the bot's own work on the runbooks).
//
//   node --import tsx bench/measure-parse.ts [DIR…] [--runs N] [--tsx] [--cpu-prof DIR] [--json]
//   node --import tsx bench/measure-parse.ts --no-build --child A.js --child B.js   (A/B compare)
//
// Each run spawns a new node process (bench/parse-once.ts) that imports `loadRunbooks`, loads DIR
// once, then once more, and reports the three times. Printed per folder: the median of the runs
// for the import of the runbook code, the first load and the second (warm) load, in wall time and
// (import and first load) in CPU time of the process, which a busy machine disturbs less. Folders default to
// the seed folder (runbooks/) and tests/fixtures/runbooks; runs go round-robin over the folders and
// children so that a change in the machine's load hits all of them alike.
//
// By default the child is compiled as the production build is (esbuild, one ES module bundle,
// dist/bench-parse/parse-once.js): that is what `serve` runs. `--tsx` runs the TypeScript sources
// through tsx instead (slower imports; fine to compare like with like). `--out FILE` compiles to
// FILE (keep a "before" bundle to compare with), `--child FILE` (repeatable, with `--no-build`)
// runs existing compiled children side by side. `--cpu-prof DIR` writes a V8 CPU profile of each
// folder's first run into DIR (open it in Chrome DevTools, or read its `nodes`).
// Absolute times on a shared machine move with the load: compare numbers from one run.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { median, round1 } from './stats.ts';

const REPO = path.resolve(import.meta.dirname, '..');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    runs: { type: 'string', default: '7' },
    tsx: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(REPO, 'dist/bench-parse/parse-once.js') },
    'no-build': { type: 'boolean', default: false },
    child: { type: 'string', multiple: true },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  process.stderr.write(`--runs wants a positive whole number, got "${values.runs}"\n`);
  process.exit(2);
}
const folders = (positionals.length > 0 ? positionals : ['runbooks', 'tests/fixtures/runbooks']).map((dir) =>
  path.resolve(REPO, dir),
);

/** Compiles bench/parse-once.ts the way scripts/build.mjs compiles the bot (no code cache). */
async function compileChild(outfile: string): Promise<void> {
  mkdirSync(path.dirname(outfile), { recursive: true });
  await build({
    absWorkingDir: REPO,
    entryPoints: [path.join(REPO, 'bench/parse-once.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Loaded from node_modules at run time, as in the production build (they find files by path).
    external: ['web-tree-sitter', 'tree-sitter-bash'],
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    minifyWhitespace: true,
    logLevel: 'warning',
  });
}

interface Child {
  label: string;
  /** node arguments before the folder. */
  args: string[];
}

let children: Child[];
if (values.tsx) {
  children = [{ label: 'tsx', args: ['--import', 'tsx', path.join(REPO, 'bench/parse-once.ts')] }];
} else if (values.child && values.child.length > 0) {
  children = values.child.map((file) => ({ label: path.basename(file), args: [path.resolve(file)] }));
} else {
  if (!values['no-build']) await compileChild(values.out);
  children = [{ label: 'compiled', args: [values.out] }];
}

interface Times {
  importMs: number;
  firstLoadMs: number;
  secondLoadMs: number;
  importCpuMs: number;
  firstLoadCpuMs: number;
  files: number;
}

function runOnce(child: Child, folder: string, profileName: string | null): Times {
  const profile =
    profileName && values['cpu-prof']
      ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values['cpu-prof']), '--cpu-prof-name', profileName]
      : [];
  const output = execFileSync(process.execPath, [...profile, ...child.args, folder], {
    cwd: REPO,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Times;
}

const loadBefore = loadavg()[0] ?? 0;
/** Per child and folder, in the order first measured. */
const results = new Map<string, { child: string; folder: string; times: Times[] }>();
for (let run = 0; run < runs; run++) {
  for (const folder of folders) {
    for (const child of children) {
      const profileName =
        run === 0
          ? `parse-${child.label}-${path.relative(REPO, folder).replaceAll('/', '_')}.cpuprofile`
          : null;
      const key = `${child.label}\t${folder}`;
      const entry = results.get(key) ?? {
        child: child.label,
        folder: path.relative(REPO, folder),
        times: [],
      };
      entry.times.push(runOnce(child, folder, profileName));
      results.set(key, entry);
    }
  }
}
const loadAfter = loadavg()[0] ?? 0;

const summary = [...results.values()].map(({ child, folder, times }) => {
  return {
    child,
    folder,
    files: times[0]?.files ?? 0,
    importMs: round1(median(times.map((t) => t.importMs))),
    firstLoadMs: round1(median(times.map((t) => t.firstLoadMs))),
    secondLoadMs: round1(median(times.map((t) => t.secondLoadMs))),
    importCpuMs: round1(median(times.map((t) => t.importCpuMs))),
    firstLoadCpuMs: round1(median(times.map((t) => t.firstLoadCpuMs))),
    firstLoadRunsMs: times.map((t) => round1(t.firstLoadMs)),
  };
});
if (values.json) {
  process.stdout.write(
    `${JSON.stringify({ runs, loadAverage: [round1(loadBefore), round1(loadAfter)], results: summary }, null, 2)}\n`,
  );
} else {
  process.stdout.write(
    `${runs} runs per folder; load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after\n`,
  );
  for (const row of summary)
    process.stdout.write(
      `${row.child.padEnd(14)} ${row.folder.padEnd(26)} ${String(row.files).padStart(3)} files  ` +
        `import ${row.importMs} ms (cpu ${row.importCpuMs})  first load ${row.firstLoadMs} ms ` +
        `(cpu ${row.firstLoadCpuMs})  second ${row.secondLoadMs} ms  (first: ${row.firstLoadRunsMs.join(', ')})\n`,
    );
}
