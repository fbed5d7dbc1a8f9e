/** `error`: would break an incident (doctor exits 1). `warning`: worth fixing, works for now. */
export type Severity = 'error' | 'warning';

/** One doctor line: what was checked, whether it passed, and how to fix it when it did not. */
export interface CheckResult {
  name: string;
  ok: boolean;
  severity: Severity;
  message: string;
  /** A fix the operator can follow; may span lines. Null when there is nothing to do. */
  hint: string | null;
}

export function passed(name: string, message: string): CheckResult {
  return { name, ok: true, severity: 'error', message, hint: null };
}

export function failed(name: string, severity: Severity, message: string, hint: string | null): CheckResult {
  return { name, ok: false, severity, message, hint };
}

/** Lists at most `limit` items, then "and N more". */
export function listSome(items: string[], limit = 5): string {
  const shown = items.slice(0, limit).join(', ');
  return items.length > limit ? `${shown} and ${items.length - limit} more` : shown;
}
