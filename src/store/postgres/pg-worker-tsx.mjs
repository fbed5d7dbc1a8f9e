// Entry of the database worker when runbook-bot runs from its TypeScript sources (tsx, tests):
// Node 20 does not apply `--import tsx` to a worker's own entry file, so register tsx here first.
// The compiled build (dist/) starts pg-worker.js directly.
const { register } = await import('tsx/esm/api');
register();
await import('./pg-worker.ts');
