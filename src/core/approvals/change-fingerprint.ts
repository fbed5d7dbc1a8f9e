import { createHash, scryptSync } from 'node:crypto';
import { isSecretParam } from '../../exec/recorded-params.ts';
import { selectWaitChecks } from '../../exec/select-wait-checks.ts';
import type { Section, Step } from '../../runbook/model.ts';
import { sectionParams } from '../../runbook/params/resolve-params.ts';
import type { Approval } from '../../store/records.ts';
import type { BoundRunbook } from '../catalog.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { PreparedRunner } from '../prepare-runner.ts';
import { findChangeTarget } from './change-groups.ts';
import { targetOfApproval } from './change-lock.ts';

/**
 * What an approver agrees to, as a stable hash: the section's steps in order exactly as they will
 * run (command text, risk, cwd, timeout, stdin, skip, wait seconds), where they run (`target`), and
 * the binding's overrides that change execution (workdir, env names and a digest of their values,
 * step overrides, what a wait step polls) and, for a section with parameters, the values it runs
 * with (name=value pairs, sorted) and the binding's rules for them. Stored with the request; compared again at approval and
 * right before execution, so an edited runbook (or binding, or redeploy) never runs on an approval
 * given for something else.
 */
export const FINGERPRINT_VERSION = 1;

/** Why an approval was stopped before anything ran (stored as the approval's reason). */
export const RUNBOOK_CHANGED_REASON = 'the runbook changed since the request';
export const NO_FINGERPRINT_REASON =
  'requested before approvals were bound to what the approver saw; request it again';

export type StaleCode = 'runbook_changed' | 'no_fingerprint';

/** The reason text stored for a stale approval. */
export function staleReason(code: StaleCode): string {
  return code === 'runbook_changed' ? RUNBOOK_CHANGED_REASON : NO_FINGERPRINT_REASON;
}

/** True when the approval was stopped because what it was for is no longer what would run. */
export function isStaleApproval(approval: Pick<Approval, 'reason' | 'state'>): boolean {
  return (
    (approval.state === 'denied' || approval.state === 'failed') &&
    (approval.reason === RUNBOOK_CHANGED_REASON || approval.reason === NO_FINGERPRINT_REASON)
  );
}

/** First 8 hex digits: shown on the card and in logs so approver and logs can match. */
export function shortFingerprint(fingerprint: string | null | undefined): string | null {
  return fingerprint ? fingerprint.slice(0, 8) : null;
}

/**
 * Digest of the values of the environment variables a runbook's steps receive (binding `env`,
 * operator pass-through). Slow on purpose (scrypt), so a stored fingerprint cannot be used to guess
 * a weak secret value offline. Computed once per prepared runner.
 */
export function digestEnv(
  names: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): string {
  const pairs = [...new Set(names)].sort().map((name) => [name, env[name] ?? null]);
  return scryptSync(JSON.stringify(pairs), 'runbook-bot/change-fingerprint/env/v1', 32).toString('hex');
}

/**
 * Where the change runs: this host (`{ kind: 'local', workdir }`, the binding has no targets), or
 * a binding target by name with everything its spec says (ssh destination, port, key files,
 * workdir, env): another host, or the same target pointing elsewhere, is another change.
 */
export type ChangeTarget =
  | {
      kind: 'local';
      /** The directory steps run in when set (binding workdir or the CLI's --workdir). */
      workdir: string | null;
      /** The target's name and spec when the binding names one. */
      name?: string;
      env?: Readonly<Record<string, string>>;
    }
  | {
      kind: 'ssh';
      name: string;
      ssh?: string;
      port?: number;
      identityFile?: string;
      knownHosts?: string;
      workdir?: string;
      env?: Readonly<Record<string, string>>;
      connectTimeout?: number;
    };

/** Parameter values by name, as a change runs with them (empty: the section takes none). */
export type ChangeParams = Readonly<Record<string, string>>;

/**
 * The values (sorted name=value pairs; a secret-looking one as a slow digest, like env values) and
 * the binding's rules for every parameter the section uses. Undefined for a section without
 * parameters and values, so the fingerprints of such sections are what they were before values.
 */
function paramsShape(bound: BoundRunbook, section: Section, values: ChangeParams) {
  const names = sectionParams(section);
  if (names.length === 0 && Object.keys(values).length === 0) return undefined;
  const pairs = Object.keys(values)
    .sort()
    .map((name) => {
      const value = values[name] as string;
      return isSecretParam(name)
        ? `${name}=scrypt:${scryptSync(value, `runbook-bot/change-fingerprint/param/${name}`, 32).toString('hex')}`
        : `${name}=${value}`;
    });
  const rules = Object.fromEntries(
    [...new Set([...names, ...Object.keys(values)])]
      .sort()
      .map((name) => [name, { ...(bound.binding.params[name] ?? {}) }]),
  );
  return { values: pairs, rules };
}

/** The canonical description the fingerprint hashes (exported for tests and debugging). */
export function describeChange(
  bound: BoundRunbook,
  section: Section,
  prepared: Pick<PreparedRunner, 'workdir' | 'envDigest' | 'target'>,
  params: ChangeParams = {},
) {
  const { binding } = bound;
  const stepIds = new Set(section.steps.map((step) => step.id));
  const hasWait = section.steps.some((step) => step.kind === 'wait');
  const overrides = Object.fromEntries(
    Object.entries(binding.steps)
      .filter(([id]) => stepIds.has(id))
      .map(([id, override]) => [id, { ...override }]),
  );
  const target: ChangeTarget = prepared.target ?? { kind: 'local', workdir: prepared.workdir };
  return {
    v: FINGERPRINT_VERSION,
    runbook: bound.runbook.id,
    section: section.id,
    steps: section.steps.map(stepShape),
    params: paramsShape(bound, section, params),
    target,
    overrides: {
      workdir: binding.workdir ?? null,
      env: [...binding.env].sort(),
      envDigest: prepared.envDigest?.() ?? null,
      steps: overrides,
      waitChecks: hasWait
        ? selectWaitChecks(bound.runbook, bound.binding).map((check) => ({
            command: check.command,
            cwd: check.cwd,
            expect: check.expect,
            timeoutMs: check.timeoutMs ?? null,
          }))
        : [],
    },
  };
}

function stepShape(step: Step) {
  if (step.kind === 'wait') return { kind: 'wait', seconds: step.seconds };
  return {
    kind: 'command',
    command: step.command,
    risk: step.risk,
    cwd: step.cwd,
    expect: step.expect,
    timeoutMs: step.timeoutMs ?? null,
    stdin: step.stdin ?? null,
    skip: step.skip ?? null,
  };
}

/** JSON with object keys sorted at every level, `undefined` members left out: the same data, the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, member]) => member !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
}

/** sha256 (hex) of the canonical description of `section` as it would run now. */
export function fingerprintOf(
  bound: BoundRunbook,
  section: Section,
  prepared: Pick<PreparedRunner, 'workdir' | 'envDigest' | 'target'>,
  params: ChangeParams = {},
): string {
  return createHash('sha256')
    .update(canonicalJson(describeChange(bound, section, prepared, params)))
    .digest('hex');
}

/** The fingerprint of `section` with these values and the runbook's runner (workdir, env) as the use cases run it. */
export async function changeFingerprint(
  deps: Pick<CoreDeps, 'runnerFor'>,
  bound: BoundRunbook,
  section: Section,
  params: ChangeParams = {},
  /** The binding target it runs on; unset: this host. */
  target?: string | null,
): Promise<string> {
  const prepared = target ? await deps.runnerFor(bound, target) : await deps.runnerFor(bound);
  return fingerprintOf(bound, section, prepared, params);
}

export type FingerprintCheck =
  | { ok: true; fingerprint: string; section: Section }
  /** `actual` is null when the section is gone from the runbook. */
  | { ok: false; code: StaleCode; expected: string | null; actual: string | null };

/**
 * Compares the approval's stored fingerprint with its section as it is now in `bound`, with the
 * values stored with it (a value or a parameter rule that differs does not match). A row without a
 * fingerprint (created before them) never matches.
 */
export async function checkFingerprint(
  deps: Pick<CoreDeps, 'runnerFor'>,
  approval: Pick<Approval, 'fingerprint' | 'sectionId' | 'params' | 'service'>,
  bound: BoundRunbook,
): Promise<FingerprintCheck> {
  const expected = approval.fingerprint ?? null;
  const section = findChangeTarget(bound.runbook, approval.sectionId);
  const target = targetOfApproval(bound, approval);
  const actual = section
    ? await changeFingerprint(deps, bound, section, approval.params ?? {}, target)
    : null;
  if (expected === null) return { ok: false, code: 'no_fingerprint', expected, actual };
  if (!section || actual !== expected) return { ok: false, code: 'runbook_changed', expected, actual };
  return { ok: true, fingerprint: actual, section };
}

/** The timeline's one line for a stale approval: what changed, by fingerprint. */
export function staleSummary(check: Extract<FingerprintCheck, { ok: false }>): string {
  if (check.code === 'no_fingerprint') return `Not run: ${NO_FINGERPRINT_REASON}`;
  const now = check.actual === null ? 'section removed' : shortFingerprint(check.actual);
  return `Not run: ${RUNBOOK_CHANGED_REASON} (${shortFingerprint(check.expected)} -> ${now})`;
}
