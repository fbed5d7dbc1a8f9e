// `npm run build` (after the type check): the production build in dist/, which bin/runbook-bot.js
// runs when NODE_ENV=production. `node scripts/build.mjs --out DIR` builds into DIR instead.
//
// esbuild bundles src/cli/main.ts and every dependency it can into dist/bundle/ (ES modules, split
// per command: `serve` loads only what serving needs). Node's module loader then reads about ten
// files instead of ~600, which was most of the cold start (docs/BENCHMARKS.md, "Memory and
// start-up"). Kept out of the bundle, loaded from node_modules as before: the native modules, the
// packages that find their own files (.wasm, worker files) by path, and pg (database worker only).
//
// A bundled module's `import.meta.url` is rewritten to the URL its file would have in the
// unbundled layout (dist/src/…, dist/sandbox/…), so the files looked up relative to it are found
// next to that URL: the playground page (dist/src/demo/web), the simulated host's helpers
// (dist/sandbox/lib, dist/sandbox/bin) and the PostgreSQL worker (dist/src/store/postgres/pg-worker.js,
// its own entry point because synckit starts it as a worker thread by file).
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { addCodeCache } from './code-cache.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({
  options: { out: { type: 'string', default: 'dist' }, metafile: { type: 'string' } },
});
const out = path.resolve(repo, values.out);
const bundleDir = path.join(out, 'bundle');

/** Loaded from node_modules at run time (see the header). */
const external = [
  'better-sqlite3',
  '@resvg/resvg-js',
  'web-tree-sitter',
  'tree-sitter-bash',
  'pino-pretty',
  'pg',
  'pg-native',
  // Starts the PostgreSQL worker by file and resolves its loader relative to itself.
  'synckit',
  // Optional speed-ups of `ws` (Socket Mode), required inside try/catch when installed.
  'bufferutil',
  'utf-8-validate',
];

/** Where `file` (a source of this repository) would be in the unbundled build: src/x.ts → src/x.js. */
function unbundledPath(file) {
  return path
    .relative(repo, file)
    .split(path.sep)
    .join('/')
    .replace(/\.ts$/, '.js')
    .replace(/\.mts$/, '.mjs');
}

/** Every output file of one build sits in `outputDir`, so one relative URL reaches `out` from any of them. */
const moduleUrlPlugin = (outputDir) => ({
  name: 'unbundled-import-meta-url',
  setup(pluginBuild) {
    pluginBuild.onLoad({ filter: /\.(ts|mts|mjs|js)$/ }, (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const target = path
        .relative(outputDir, path.join(out, unbundledPath(args.path)))
        .split(path.sep)
        .join('/');
      const url = `new URL(${JSON.stringify(target)}, import.meta.url).href`;
      return {
        contents: source.replaceAll('import.meta.url', url),
        loader: args.path.endsWith('ts') ? 'ts' : 'js',
        resolveDir: path.dirname(args.path),
      };
    });
  },
});

// CommonJS dependencies inside an ES module bundle call `require` for Node's built-in modules.
const banner = {
  js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
};

const common = {
  absWorkingDir: repo,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  banner,
  // Maps without the sources' text (a tenth of the size): enough for `node --enable-source-maps`
  // to name src/ files and lines in stack traces.
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
  // Less text for V8 to scan at start (~5% of the bot's start-up CPU); names stay, and the
  // source maps point stack traces back at src/ (node --enable-source-maps).
  minifyWhitespace: true,
};

const mainSource = path.join(repo, 'src/cli/main.ts');
/** `dist/bundle/<name>.js` for a source file: src/core/errors.ts -> src-core-errors. */
const bundleName = (file) =>
  unbundledPath(file)
    .replace(/\.m?js$/, '')
    .replaceAll('/', '-');

/**
 * main.ts imports each command module on demand (`import('./serve/serve-command.ts')`): every
 * command becomes one bundle of its own (a single file to read and link at start, nothing of the
 * other commands), which main.js loads by file.
 */
const commands = new Map();
const commandsAsBundles = {
  name: 'commands-as-bundles',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.importer !== mainSource) return undefined;
      const file = path.resolve(args.resolveDir, args.path);
      commands.set(bundleName(file), file);
      return { path: `./${bundleName(file)}.js`, external: true };
    });
  },
};

/**
 * What main.ts itself imports from src (the error classes its error boundary tests with
 * `instanceof`, the clock) must be one module instance for main and the commands: those files are
 * built once, next to main.js, and every command bundle imports them instead of its own copy.
 */
const shared = new Map();
const sharedWithMain = {
  name: 'shared-with-main',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^\./ }, (args) => {
      const file = path.resolve(args.resolveDir, args.path);
      return shared.has(file) ? { path: `./${shared.get(file)}.js`, external: true } : undefined;
    });
  },
};

// 1. What main.ts pulls in statically (its metafile), with the commands left out.
const probe = await build({
  ...common,
  entryPoints: [mainSource],
  write: false,
  outdir: bundleDir,
  metafile: true,
  plugins: [commandsAsBundles],
});
for (const input of Object.keys(probe.metafile.inputs)) {
  const file = path.resolve(repo, input);
  if (file !== mainSource && !input.includes('node_modules/')) shared.set(file, bundleName(file));
}

// A clean output: no file of an earlier build (or of the former tsc build) is left to be loaded.
for (const dir of [bundleDir, path.join(out, 'src'), path.join(out, 'sandbox')])
  rmSync(dir, { recursive: true, force: true });
// 2. main.js and the modules it shares with the commands (split, so each exists once).
await build({
  ...common,
  entryPoints: { main: mainSource, ...Object.fromEntries([...shared].map(([file, name]) => [name, file])) },
  outdir: bundleDir,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  plugins: [moduleUrlPlugin(bundleDir), commandsAsBundles],
});
// 3. One bundle per command.
const bundled = await build({
  ...common,
  entryPoints: Object.fromEntries(commands),
  outdir: bundleDir,
  plugins: [moduleUrlPlugin(bundleDir), sharedWithMain],
  metafile: Boolean(values.metafile),
});
// `--metafile FILE`: what went into which command bundle (https://esbuild.github.io/analyze/).
if (values.metafile) writeFileSync(values.metafile, JSON.stringify(bundled.metafile));
// 4. The entry points of the PostgreSQL worker thread, of the process that loads the catalog
// while `serve` loads (src/core/load-catalog-in-child.ts) and of the step host
// (src/exec/step-host/step-host.ts), each a bundle at its unbundled path
// (dist/src/…), where the module that starts it looks for it.
const workerFiles = [];
for (const source of [
  'src/store/postgres/pg-worker.ts',
  'src/core/load-catalog-child.ts',
  'src/exec/step-host/step-host-child.ts',
]) {
  const workerFile = path.join(out, unbundledPath(path.join(repo, source)));
  await build({
    ...common,
    entryPoints: [path.join(repo, source)],
    outfile: workerFile,
    plugins: [moduleUrlPlugin(path.dirname(workerFile))],
  });
  workerFiles.push(workerFile);
}

// esbuild escapes non-ASCII characters in strings but leaves them in regular expression literals
// (`/[—–-]/`). One such character makes V8 keep the whole bundle's source as a two-byte string:
// 8.4 MB instead of 4.2 MB for `serve` (docs/BENCHMARKS.md, "Memory budget"). Each one is written
// as a \uXXXX escape, which means the same character in a regular expression, a string, a
// template or an identifier (a surrogate pair becomes two escapes, read as one code point under
// the u flag). An identity escape (`\—`) drops its backslash first. Columns after such a
// character on the same line shift in the source map by 5 per character.
const nonAscii = /(\\*)([\u0080-\uffff])/g;
const escapeUnit = (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
function asciiOnly(code) {
  return code.replace(
    nonAscii,
    (_, slashes, char) => `${slashes.length % 2 === 1 ? slashes.slice(1) : slashes}${escapeUnit(char)}`,
  );
}
for (const file of [...readdirSync(bundleDir).map((name) => path.join(bundleDir, name)), ...workerFiles]) {
  if (!file.endsWith('.js')) continue;
  const code = readFileSync(file, 'utf8');
  // The one place an escape would change a value: the raw text of a String.raw template.
  if (/String\.raw`[^`]*[\u0080-\uffff]/.test(code))
    throw new Error(
      `${file}: a String.raw template holds a non-ASCII character; write it as \\u{…} in the source`,
    );
  const ascii = asciiOnly(code);
  if (ascii !== code) writeFileSync(file, ascii);
}

// `serve` starts with a V8 code cache made here (scripts/code-cache.mjs). V8 takes a cache only under
// the flags it was made with: `--liftoff-only` (bin/runbook-bot.js sets it), and NODE_OPTIONS as
// none, the systemd unit's (the image sets the same) and the one this build runs with.
const unitFile = path.join(repo, 'deploy/runbook-bot.service');
const serviceNodeOptions = existsSync(unitFile)
  ? (readFileSync(unitFile, 'utf8').match(/^Environment="NODE_OPTIONS=([^"]*)"/m)?.[1] ?? '')
  : '';
const codeCacheFlags = {
  setFlags: ['--liftoff-only'],
  nodeOptionsVariants: ['', serviceNodeOptions, process.env.NODE_OPTIONS ?? ''],
};
await addCodeCache(bundleDir, bundleName(path.join(repo, 'src/cli/serve/serve-command.ts')), codeCacheFlags);
// The catalog-loading child too (started with --liftoff-only on its command line), its cache warmed
// by parsing this repository's runbooks/ once (when there is one): the parser's functions come
// compiled instead of being compiled during the first parse.
const seedRunbooks = path.join(repo, 'runbooks');
await addCodeCache(path.join(out, 'src/core'), 'load-catalog-child', {
  ...codeCacheFlags,
  execArgv: ['--liftoff-only'],
  ...(existsSync(seedRunbooks) ? { warm: { call: 'loadCatalogParts', args: [seedRunbooks, []] } } : {}),
});

// What is read or run from disk next to the unbundled paths.
for (const [from, to] of [
  ['src/demo/web', 'src/demo/web'],
  ['sandbox/lib', 'sandbox/lib'],
  ['sandbox/bin', 'sandbox/bin'],
]) {
  cpSync(path.join(repo, from), path.join(out, to), { recursive: true });
}
