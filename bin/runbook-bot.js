#!/usr/bin/env node
// Entry point. In production (NODE_ENV=production, after `npm run build`) it runs the bundle in
// dist/bundle/ (scripts/build.mjs): faster start, less memory. Otherwise it loads the TypeScript
// sources through tsx, so a fresh clone runs without a build step and edits take effect at once.
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// WebAssembly (the risk classifier's bash grammar, tree-sitter) runs on V8's baseline compiler
// only: optimising its large lexer cost ~30 MB of memory that stayed, and CPU on two cores, for
// no faster parse (docs/BENCHMARKS.md, "Memory and start-up"). Set before any module compiles.
setFlagsFromString('--liftoff-only');

const compiled = new URL('../dist/bundle/main.js', import.meta.url);
let main;
if (process.env.NODE_ENV === 'production') {
  if (!existsSync(compiled)) {
    process.stderr.write(
      'runbook-bot: NODE_ENV=production needs the compiled build: run `npm run build` first.\n',
    );
    process.exit(1);
  }
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv.slice(2));
