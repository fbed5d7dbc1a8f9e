import type { TargetSpec } from '../../runbook/binding/target-schema.ts';

/** An SSH target as the executor needs it (from the binding's `targets`). */
export interface SshTarget {
  name: string;
  /** `[user@]host`. */
  destination: string;
  port?: number;
  identityFile?: string;
  knownHosts?: string;
  workdir?: string;
  env?: Readonly<Record<string, string>>;
  /** Seconds before an unanswered connection counts as unreachable. */
  connectTimeout?: number;
}

export const DEFAULT_CONNECT_TIMEOUT_S = 5;

/** The binding's spec of an `ssh:` target as an `SshTarget`; null for a local one. */
export function sshTargetOf(name: string, spec: TargetSpec): SshTarget | null {
  if (spec.ssh === undefined) return null;
  return {
    name,
    destination: spec.ssh,
    ...(spec.port !== undefined ? { port: spec.port } : {}),
    ...(spec.identityFile !== undefined ? { identityFile: spec.identityFile } : {}),
    ...(spec.knownHosts !== undefined ? { knownHosts: spec.knownHosts } : {}),
    ...(spec.workdir !== undefined ? { workdir: spec.workdir } : {}),
    ...(spec.env !== undefined ? { env: spec.env } : {}),
    ...(spec.connectTimeout !== undefined ? { connectTimeout: spec.connectTimeout } : {}),
  };
}

/**
 * The `ssh` arguments before the remote command: batch mode (never a prompt), strict host keys
 * from the target's known_hosts, no agent/X11/port forwarding, no tty, a connect timeout and
 * keep-alives (an unreachable or vanished host fails fast), connection reuse through the control
 * socket `controlPath` (in a private 0700 directory), which outlives a run by `persistSeconds` of
 * idleness.
 */
export function sshArgs(target: SshTarget, controlPath: string, persistSeconds: number): string[] {
  const options: Record<string, string> = {
    BatchMode: 'yes',
    // A key, and only a key: no password or keyboard prompts, no Kerberos round trips.
    PreferredAuthentications: 'publickey',
    PasswordAuthentication: 'no',
    KbdInteractiveAuthentication: 'no',
    GSSAPIAuthentication: 'no',
    StrictHostKeyChecking: 'yes',
    ForwardAgent: 'no',
    ForwardX11: 'no',
    ClearAllForwardings: 'yes',
    PermitLocalCommand: 'no',
    RequestTTY: 'no',
    LogLevel: 'ERROR',
    ConnectTimeout: String(target.connectTimeout ?? DEFAULT_CONNECT_TIMEOUT_S),
    ConnectionAttempts: '1',
    ServerAliveInterval: '5',
    ServerAliveCountMax: '3',
    ControlMaster: 'auto',
    ControlPath: controlPath,
    ControlPersist: `${persistSeconds}s`,
  };
  if (target.knownHosts) {
    options.UserKnownHostsFile = target.knownHosts;
    options.GlobalKnownHostsFile = '/dev/null';
  }
  if (target.identityFile) {
    options.IdentityFile = target.identityFile;
    options.IdentitiesOnly = 'yes';
  }
  const args = Object.entries(options).flatMap(([key, value]) => ['-o', `${key}=${value}`]);
  if (target.port !== undefined) args.push('-p', String(target.port));
  args.push('-T', '-a', '-x');
  return args;
}
