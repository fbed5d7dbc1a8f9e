import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../sandbox/free-port.ts';

/** Real OpenSSH servers on 127.0.0.1 for the target tests: each a "host" with its own workdir. */
export interface SshHost {
  name: string;
  port: number;
  /** The listening sshd's process id (its sessions are its descendants). */
  pid: number;
  /** The host's workdir (a temp dir of its own). */
  workdir: string;
  /** Lines sshd logged (`-e`, LogLevel VERBOSE). */
  log(): string;
  /** Authenticated connections so far (one per SSH handshake). */
  handshakes(): number;
  stop(): Promise<void>;
}

export interface SshLab {
  dir: string;
  /** The client's private key (authorized on every host). */
  identityFile: string;
  /** known_hosts with every host's key. */
  knownHosts: string;
  hosts: SshHost[];
  /** A target spec for the binding (`targets:`) pointing at a host. */
  targetSpec(host: SshHost, extra?: Record<string, unknown>): Record<string, unknown>;
  /** A spec for a port where nothing listens. */
  deadSpec(): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export const SSHD = '/usr/sbin/sshd';

function keygen(path: string): void {
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'runbook-bot-test', '-f', path]);
}

/**
 * Starts `count` sshd processes (`-D -e`, throwaway host keys, root by key only, a temp
 * AuthorizedKeysFile), waits until each listens, and writes a known_hosts with their keys.
 */
export async function startSshLab(count: number): Promise<SshLab> {
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const dir = mkdtempSync(join(tmpdir(), 'rb-ssh-lab-'));
  const identityFile = join(dir, 'client_key');
  keygen(identityFile);
  const authorized = join(dir, 'authorized_keys');
  writeFileSync(authorized, readFileSync(`${identityFile}.pub`));
  const knownHosts = join(dir, 'known_hosts');
  const hosts: SshHost[] = [];
  const known: string[] = [];
  try {
    for (let index = 1; index <= count; index++) {
      const host = await startHost(dir, `host-${index}`, authorized);
      hosts.push(host.host);
      known.push(`[127.0.0.1]:${host.host.port} ${host.publicKey}`);
    }
  } catch (error) {
    await Promise.all(hosts.map((host) => host.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  writeFileSync(knownHosts, `${known.join('\n')}\n`);
  const targetSpec = (host: SshHost, extra: Record<string, unknown> = {}) => ({
    ssh: 'root@127.0.0.1',
    port: host.port,
    identityFile,
    knownHosts,
    workdir: host.workdir,
    ...extra,
  });
  return {
    dir,
    identityFile,
    knownHosts,
    hosts,
    targetSpec,
    deadSpec: async () => ({
      ssh: 'root@127.0.0.1',
      port: await freePort(),
      identityFile,
      knownHosts,
      connectTimeout: 3,
    }),
    stop: async () => {
      await Promise.all(hosts.map((host) => host.stop()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startHost(
  labDir: string,
  name: string,
  authorized: string,
): Promise<{ host: SshHost; publicKey: string }> {
  const dir = join(labDir, name);
  mkdirSync(dir);
  const workdir = join(dir, 'workdir');
  mkdirSync(workdir);
  const hostKey = join(dir, 'host_key');
  keygen(hostKey);
  const publicKey = readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const logPath = join(dir, 'sshd.log');
  for (let attempt = 0; ; attempt++) {
    const port = await freePort();
    const config = join(dir, 'sshd_config');
    writeFileSync(
      config,
      [
        'ListenAddress 127.0.0.1',
        `Port ${port}`,
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorized}`,
        'StrictModes no',
        'UsePAM no',
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        `PidFile ${join(dir, 'sshd.pid')}`,
        'LogLevel VERBOSE',
        'MaxStartups 100:30:200',
        'X11Forwarding no',
        'AllowAgentForwarding no',
        // sshd runs every session as `$SHELL -c …`, and Debian's bash then sources ~/.bashrc (it
        // does so for a top-level shell started by sshd). The lab logs in as this machine's root,
        // whose .bashrc runs `pyenv init` (~100 processes a session); an app host's deploy user
        // has the stock .bashrc, which returns at once for a non-interactive shell. SHLVL=1 makes
        // bash skip it here the same way (docs/DEPLOY.md, "On many hosts at once"). The key
        // exchange stays OpenSSH's default, as on a real host.
        'SetEnv SHLVL=1',
        '',
      ].join('\n'),
    );
    writeFileSync(logPath, '');
    const log = openSync(logPath, 'a');
    const child: ChildProcess = spawn(SSHD, ['-D', '-f', config, '-e'], { stdio: ['ignore', log, log] });
    const listening = await waitForLog(logPath, child, /Server listening on 127\.0\.0\.1 port/);
    if (listening) {
      const readLog = () => readFileSync(logPath, 'utf8');
      return {
        publicKey,
        host: {
          name,
          port,
          pid: child.pid as number,
          workdir,
          log: readLog,
          handshakes: () => (readLog().match(/Accepted publickey for /g) ?? []).length,
          stop: () => stopProcess(child),
        },
      };
    }
    await stopProcess(child);
    if (attempt >= 3) throw new Error(`sshd did not start:\n${readFileSync(logPath, 'utf8')}`);
  }
}

async function waitForLog(path: string, child: ChildProcess, pattern: RegExp): Promise<boolean> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    if (pattern.test(readFileSync(path, 'utf8'))) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
