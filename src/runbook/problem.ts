/** One thing wrong with a runbook or binding, with where it is and how to fix it. */
export interface Problem {
  /** `note`: something left out on purpose (sample output read as documentation); never fails lint. */
  level: 'error' | 'warning' | 'note';
  file: string;
  /** 1-based line; 1 when the problem is about the whole file. */
  line: number;
  message: string;
  hint: string | null;
}

export const error = (file: string, line: number, message: string, hint: string | null = null): Problem => ({
  level: 'error',
  file,
  line,
  message,
  hint,
});

export const warning = (
  file: string,
  line: number,
  message: string,
  hint: string | null = null,
): Problem => ({
  level: 'warning',
  file,
  line,
  message,
  hint,
});

export const note = (file: string, line: number, message: string, hint: string | null = null): Problem => ({
  level: 'note',
  file,
  line,
  message,
  hint,
});

export const hasErrors = (problems: Problem[]) => problems.some((problem) => problem.level === 'error');
