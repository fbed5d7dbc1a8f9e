#!/usr/bin/env node
// Entry point. In production (NODE_ENV=production, after `npm run build`) it runs the compiled
// JavaScript in dist/: faster start, less memory. Otherwise it loads the TypeScript sources through
// tsx, so a fresh clone runs without a build step and edits take effect at once.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/src/cli/main.js', import.meta.url);
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
