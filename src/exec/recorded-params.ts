import { paramEnvName } from '../runbook/params/param-names.ts';
import { isSecretName } from './redact/is-secret-name.ts';
import { redactText } from './redact/redact.ts';

/**
 * Parameter values as the timeline, report and approval card may show them: a value of a
 * secret-looking parameter (`token`, `db-password`) becomes "set, N chars", and any other value
 * goes through the redactor (tokens, JWTs, URL credentials inside it are hidden).
 */
export function recordedParams(
  values: Readonly<Record<string, string>>,
  redact: (text: string) => string = (text) => redactText(text, null),
): Record<string, string> {
  const shown: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    shown[name] = isSecretParam(name) ? `set, ${[...value].length} chars` : redact(value);
  }
  return shown;
}

/** A parameter whose name looks like a secret (`token`, `db-password`): its value is never shown. */
export function isSecretParam(name: string): boolean {
  return isSecretName(paramEnvName(name)) || isSecretName(name.replace(/-/g, '_'));
}

/** `service=api, token=set, 40 chars` — the values as one line for summaries (shown copy only). */
export function paramsLine(
  values: Readonly<Record<string, string>>,
  redact?: (text: string) => string,
): string {
  return Object.entries(recordedParams(values, redact))
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
}
