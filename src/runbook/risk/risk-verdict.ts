import type { Risk } from '../model.ts';

/** What the risk rules say about one command (or a whole step, once combined). */
export interface RiskVerdict {
  risk: Risk;
  /** False when the verdict is `change` only because no rule knew the command. */
  recognised: boolean;
  reason: string;
}

export const read = (reason: string): RiskVerdict => ({ risk: 'read', recognised: true, reason });
export const change = (reason: string): RiskVerdict => ({ risk: 'change', recognised: true, reason });
export const sensitive = (reason: string): RiskVerdict => ({ risk: 'sensitive', recognised: true, reason });
export const unrecognised = (what: string): RiskVerdict => ({
  risk: 'change',
  recognised: false,
  reason: `unrecognised: ${what}`,
});

/** Prefixes a verdict's reason with what wrapped it (`docker compose exec api: …`). */
export const within = (label: string, verdict: RiskVerdict): RiskVerdict => ({
  ...verdict,
  reason: `${label}: ${verdict.reason}`,
});

const RANK: Record<Risk, number> = { read: 0, sensitive: 1, change: 2 };

/**
 * The step's verdict from its commands' verdicts. Default-deny: `read` only when every command is
 * read. `change` outranks `sensitive`, so a destructive command never escapes approval because it
 * also prints a secret. A recognised `change` outranks an unrecognised one.
 */
export function combineVerdicts(verdicts: RiskVerdict[]): RiskVerdict {
  let worst: RiskVerdict = read('no command');
  for (const verdict of verdicts) {
    const higher = RANK[verdict.risk] > RANK[worst.risk];
    const sameButKnown =
      verdict.risk === worst.risk && worst.risk === 'change' && verdict.recognised && !worst.recognised;
    if (higher || sameButKnown || worst.reason === 'no command') worst = verdict;
  }
  return worst;
}
