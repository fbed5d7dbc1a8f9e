import { collectSecrets, envFilesSignature } from './collect-secrets.ts';
import { compileSecrets, MIN_SECRET_LENGTH, redactText } from './redact.ts';

/** Text in, redacted text out. `secrets` is what it knows by value (for cut-edge checks). */
export interface Redactor {
  (text: string): string;
  readonly secrets: readonly string[];
  /** Present on a live redactor (createEnvRedactor): re-learns changed `.env*` files. */
  refresh?(): Promise<boolean>;
  /** Present on a live redactor: also redact these values from now on (secrets read elsewhere, e.g. an SSH target's `.env`). */
  learnSecrets?(values: readonly string[]): void;
}

/** A redactor whose known values follow the `.env*` files of some directories. */
export interface LiveRedactor extends Redactor {
  /**
   * Re-learns the secrets when a `.env*` file of a watched directory was added, removed or changed
   * (name, size or mtime; one readdir and a stat per file). Values learnt before are kept: a
   * rotated-out secret is still redacted. Resolves true when something was re-read.
   */
  refresh(): Promise<boolean>;
  learnSecrets(values: readonly string[]): void;
}

export function createRedactor(options: { secrets: readonly string[] }): Redactor {
  const secrets = [...new Set(options.secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const known = compileSecrets(secrets);
  const redact = (text: string): string => redactText(text, known);
  return Object.assign(redact, { secrets });
}

/**
 * A redactor that knows the secret-looking values of `env` and of the `.env*` files in `dirs`
 * (null entries are ignored), and learns again when those files change (see `refresh`).
 */
export async function createEnvRedactor(options: {
  env: Readonly<Record<string, string | undefined>>;
  dirs: readonly (string | null | undefined)[];
}): Promise<LiveRedactor> {
  const dirs = [...new Set(options.dirs.filter((dir): dir is string => typeof dir === 'string'))];
  const learnt = new Set<string>();
  /** Values told by `learnSecrets` (kept across refreshes). */
  const told = new Set<string>();
  let known: RegExp | null = null;
  let secrets: readonly string[] = [];
  let signature = '';

  const learn = async (): Promise<void> => {
    for (const secret of await collectSecrets({ env: options.env, workdir: null })) learnt.add(secret);
    for (const dir of dirs)
      for (const secret of await collectSecrets({ env: {}, workdir: dir })) learnt.add(secret);
    compile();
  };
  const compile = (): void => {
    secrets = [...new Set([...learnt, ...told])].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
    known = compileSecrets(secrets);
  };
  const currentSignature = async (): Promise<string> =>
    (await Promise.all(dirs.map(envFilesSignature))).join('\n');

  signature = await currentSignature();
  await learn();

  const redact = (text: string): string => redactText(text, known);
  return Object.defineProperties(redact, {
    secrets: { get: () => secrets, enumerable: true },
    refresh: {
      value: async (): Promise<boolean> => {
        const next = await currentSignature();
        if (next === signature) return false;
        signature = next;
        await learn();
        return true;
      },
    },
    learnSecrets: {
      value: (values: readonly string[]): void => {
        const before = told.size;
        for (const value of values) told.add(value);
        if (told.size !== before) compile();
      },
    },
  }) as LiveRedactor;
}
