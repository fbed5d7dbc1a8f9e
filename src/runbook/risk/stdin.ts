/** What a command reads on its standard input, as far as the step's text tells. */
export type Stdin =
  /** Nothing in the step feeds it (the step's own stdin, usually empty). */
  | { kind: 'none' }
  /** Text known before the step runs: a static heredoc, here-string or `echo … |`. */
  | { kind: 'text'; text: string; origin: string }
  /** Bytes known only at run time: a pipe from another program, a file, a dynamic heredoc. */
  | { kind: 'stream'; origin: string };

export const NO_STDIN: Stdin = { kind: 'none' };
export const streamFrom = (origin: string): Stdin => ({ kind: 'stream', origin });
export const textFrom = (text: string, origin: string): Stdin => ({ kind: 'text', text, origin });
