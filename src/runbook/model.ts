/**
 * The runbook model: what a Markdown runbook means once parsed (docs/ARCHITECTURE.md, "The runbook model").
 * `runbook-bot inspect --json` prints exactly this shape; other layers and tests rely on it.
 */

/** `read`: only looks. `change`: alters the host (needs approval). `sensitive`: may print secrets. */
export type Risk = 'read' | 'change' | 'sensitive';

export interface CommandStep {
  kind: 'command';
  /** Unique in the runbook: slug of the step title, `-2`, `-3`… on repeats, in document order. */
  id: string;
  /** The `# comment` line above the command, else the enclosing section's title. */
  title: string;
  /** The runbook text, prompts stripped and `\` continuations joined. Trusted operator text. */
  command: string;
  /** Working directory from the runbook's `cd` (or the binding's `workdir`); null when none. */
  cwd: string | null;
  /** Expected output as the runbook wrote it (e.g. `Up (healthy)`, `200 OK`, "at least one IP address"), or null. */
  expect: string | null;
  /** What `expect` means once understood (absent: `expect` is a phrase matched tokens-in-order). */
  expectation?: Expectation;
  risk: Risk;
  /** Why this risk: the command that decided it, or `unrecognised: foo` under default-deny. */
  riskReason: string;
  /** False when the risk is `change` only because no rule recognised a command (lint warns). */
  riskRecognised: boolean;
  /** Id of the innermost section holding the step. */
  sectionId: string;
  /** 1-based line in the Markdown file. */
  line: number;
  /**
   * Values the step needs before it can run (`<pod-name>`, `YOUR_USER`, a variable it never sets),
   * as parameter names (`pod-name`); absent when none. See src/runbook/params/.
   */
  params?: string[];
  /** With `params`: the command that runs, values only as quoted `"$RB_…"` variables. */
  runs?: string;
  /** With `params`: why values cannot be given safely (the step is refused, lint errors). */
  paramsRefused?: string;
  /** With `params`: those a shell reads again (`bash -c`, `ssh`): values must be plain words. */
  paramsReread?: string[];
  /** From the binding (applyBinding): text on stdin, timeout, skip reason. */
  stdin?: string;
  timeoutMs?: number;
  skip?: string;
}

/**
 * An expectation understood from the runbook's words: a phrase on one line (`text`), a phrase
 * anywhere in the output (`contains`), any output, no output, or at least `n` of something.
 */
export type Expectation =
  | { kind: 'text'; text: string }
  | { kind: 'contains'; text: string }
  | { kind: 'nonEmpty' }
  | { kind: 'empty' }
  | { kind: 'atLeast'; n: number; what: string };

/** `sleep N` in a runbook: wait until the health checks pass, at most 2·N seconds. */
export interface WaitStep {
  kind: 'wait';
  id: string;
  title: string;
  seconds: number;
  sectionId: string;
  line: number;
}

export type Step = CommandStep | WaitStep;

export interface Section {
  id: string;
  /** Cleaned title (emoji and `**` removed), accents kept. */
  title: string;
  level: number;
  parent: string | null;
  line: number;
  /** Steps of this section and of its sub-sections, in document order (what running it runs). */
  steps: Step[];
}

export interface EscalationRule {
  afterMinutes: number | null;
  /** A manual trigger phrase such as "Se o problema afetar múltiplos usuários"; null for timed rules. */
  condition: string | null;
  /** Role names as the runbook writes them ("DevOps Lead"). */
  notify: string[];
  checklist: string[];
  line: number;
}

export type TemplateFill = 'startedAt' | 'resolvedAt' | 'symptoms' | 'actions' | 'duration' | 'manual';

export interface TemplateField {
  label: string;
  fill: TemplateFill;
  /** The runbook's placeholder text after the label ("Motivo do problema"), or null. */
  hint: string | null;
}

export interface Link {
  title: string;
  url: string;
}

export interface Runbook {
  /** File name without `.md`: `api-down`. */
  id: string;
  /** Absolute path of the Markdown file. */
  file: string;
  title: string;
  sections: Section[];
  escalation: EscalationRule[];
  template: TemplateField[];
  links: Link[];
  /**
   * What the parser saw but could not fully understand (an escalation line with nobody to notify,
   * sample output in a fence…), with the line and how to fix it; `lint` shows them.
   */
  findings?: Finding[];
}

export interface Finding {
  level: 'warning' | 'note';
  line: number;
  message: string;
  hint: string | null;
}
