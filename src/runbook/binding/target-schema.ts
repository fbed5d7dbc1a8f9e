import { z } from 'zod';

/** A target's name as typed in `/apidown diagnose api-2` and `--target api-2`. */
export const TARGET_NAME = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

/** `ops@10.0.0.11`, `app.internal`, `ops@[fe80::1]`: never an option (`-oProxyCommand=…`), never blanks. */
const SSH_DESTINATION =
  /^(?:[A-Za-z_][A-Za-z0-9_.-]{0,31}@)?(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])$/;

/** A path handed to ssh (`-o IdentityFile=…`): absolute, no blanks (ssh splits its option values on them). */
const sshPath = z
  .string()
  .regex(
    /^\/[^\s"'\\]*$/,
    'expected an absolute path without blanks or quotes, such as /etc/runbook-bot/id_ed25519',
  );

const ENV_NAME = /^[A-Z_][A-Z0-9_]*$/;

/**
 * A place where steps run (README "Targets: several hosts over SSH"): over SSH (`ssh: ops@10.0.0.11`) with the system
 * OpenSSH client, or here with extra environment (`env: { DOCKER_HOST: "ssh://ops@staging-1" }`).
 */
export const targetSchema = z
  .strictObject({
    /** `[user@]host` for the system OpenSSH client; other keys optional (the ssh config applies). */
    ssh: z.string().regex(SSH_DESTINATION, 'expected [user@]host such as ops@10.0.0.11').optional(),
    port: z.number().int().min(1).max(65_535).optional(),
    identityFile: sshPath.optional(),
    knownHosts: sshPath.optional(),
    /** Where steps run on that host; its `.env*` files are read for secrets to redact. */
    workdir: z
      .string()
      .regex(/^\/[^\0\n]*$/, 'expected an absolute path')
      .optional(),
    /** Extra variables for every step there (a remote engine, a kube config). */
    env: z
      .record(z.string().regex(ENV_NAME, 'expected a variable name such as DOCKER_HOST'), z.string())
      .optional(),
    /** Seconds to wait for the SSH connection before the host counts as unreachable (default 5). */
    connectTimeout: z.number().int().min(1).max(120).optional(),
  })
  .refine((target) => target.ssh !== undefined || target.env !== undefined || target.workdir !== undefined, {
    message: 'a target needs `ssh` (a remote host) or `env`/`workdir` (this host with extra environment)',
  })
  .refine(
    (target) =>
      target.ssh !== undefined ||
      (target.port === undefined && target.identityFile === undefined && target.knownHosts === undefined),
    { message: '`port`, `identityFile` and `knownHosts` only apply to an `ssh` target' },
  );

export type TargetSpec = z.output<typeof targetSchema>;

export const targetsSchema = z
  .record(z.string().regex(TARGET_NAME, 'expected a target name such as api-1'), targetSchema)
  .default({});
