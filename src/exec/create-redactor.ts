import { compileSecrets, MIN_SECRET_LENGTH, redactText } from './redact.ts';

/** Text in, redacted text out. `secrets` is what it knows by value (for cut-edge checks). */
export interface Redactor {
  (text: string): string;
  readonly secrets: readonly string[];
}

export function createRedactor(options: { secrets: readonly string[] }): Redactor {
  const secrets = [...new Set(options.secrets)].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
  const known = compileSecrets(secrets);
  const redact = (text: string): string => redactText(text, known);
  return Object.assign(redact, { secrets });
}
