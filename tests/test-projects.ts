/**
 * Which test files leave the test process: they start child processes (bash steps, the
 * `runbook-bot` binary, the simulated host, worker processes), real servers (fake Slack, the ops
 * server, the playground) or a browser; and the fuzz runs. They run in the `slow` project;
 * everything else runs in `fast` (`npm run test:fast`). `npm test` runs both, each file once. A test in tests/architecture/
 * checks that no file left in `fast` starts any of these.
 */
export const SLOW_TESTS: readonly string[] = [
  // Whole kinds: end to end against the real bot, the browser, the fault suite, the simulated host.
  'tests/**/*.e2e.test.ts',
  'tests/**/*.browser.test.ts',
  'tests/faults/**/*.test.ts',
  'tests/sandbox/**/*.test.ts',
  // Real HTTP servers on 127.0.0.1 (fake Slack, the ops server, the playground, a probe target).
  'tests/slack-support/**/*.test.ts',
  'tests/slack/slack-readiness.test.ts',
  'tests/observability/ops-server.test.ts',
  'tests/demo/playground-guard.test.ts',
  'tests/demo/playground-runbooks.test.ts',
  'tests/doctor/doctor-command.test.ts',
  'tests/doctor/doctor-helpers.test.ts',
  // Steps run by the real step runner (bash), the CLI binary, or systemd-analyze.
  'tests/cli/inspect.test.ts',
  'tests/cli/run-change.test.ts',
  'tests/cli/run-input.test.ts',
  'tests/cli/run-limits.test.ts',
  'tests/cli/run-params.test.ts',
  'tests/cli/run-procedure.test.ts',
  'tests/cli/run-scenarios.test.ts',
  'tests/cli/run-secrets.test.ts',
  'tests/cli/run-procedure.test.ts',
  'tests/core/approvals/exactly-once.test.ts',
  'tests/core/approvals/staged-procedure.test.ts',
  'tests/core/approvals/staged-procedure.test.ts',
  'tests/deploy/systemd-unit.test.ts',
  'tests/exec/diagnose-on-host.test.ts',
  'tests/exec/process-tree.test.ts',
  'tests/exec/run-section.test.ts',
  'tests/exec/run-step.test.ts',
  'tests/exec/unset-variable.test.ts',
  'tests/exec/step-host.test.ts',
  'tests/runbook/params/param-values.property.test.ts',
  // A child process that loads the TypeScript sources through tsx.
  'tests/core/load-catalog-in-child.test.ts',
  // A throwaway PostgreSQL cluster (tests/support/postgres-cluster.ts) and replicas on it.
  'tests/**/*.pg.test.ts',
  // Several processes racing on one SQLite file.
  'tests/store/exactly-once.test.ts',
  // In process but long: thousands of generated inputs per property (the parsers' unit tests stay fast).
  'tests/fuzz/**/*.test.ts',
];
