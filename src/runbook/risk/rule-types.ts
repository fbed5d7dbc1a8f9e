import type { RiskVerdict } from './risk-verdict.ts';
import type { ShellWord } from './shell-word.ts';
import type { Stdin } from './stdin.ts';

/** What a program rule may ask about the command it judges. */
export interface RuleContext {
  /** The program's name as written (basename). */
  program: string;
  stdin: Stdin;
  /** Judges a command a wrapper runs (`sudo CMD`, `docker exec c CMD`), with the stdin it gets. */
  judgeWords: (words: ShellWord[], stdin: Stdin) => RiskVerdict;
  /** Judges shell text a program runs (`bash -c TEXT`, `watch TEXT`, `eval TEXT`). */
  judgeScript: (text: string, stdin: Stdin) => RiskVerdict;
}

/** A rule for one program: its arguments -> verdict. */
export type RiskRule = (args: ShellWord[], context: RuleContext) => RiskVerdict;
