/**
 * Index of the first positional argument, skipping `-x`, `--long`, `--long=value` and the value of
 * options listed in `withValue` (`-f compose.yml`). `--` ends the options.
 */
export function firstPositional(args: string[], withValue: ReadonlySet<string>, from = 0): number {
  let i = from;
  while (i < args.length) {
    const arg = args[i] ?? '';
    if (arg === '--') return i + 1;
    if (!arg.startsWith('-') || arg === '-') return i;
    i += withValue.has(arg) ? 2 : 1;
  }
  return i;
}

/** True when any argument is one of `flags` (also `--flag=value` and bundled `-xyz` short flags). */
export function hasFlag(args: string[], flags: readonly string[]): boolean {
  return args.some((arg) => {
    if (flags.includes(arg) || flags.includes(arg.split('=')[0] ?? '')) return true;
    if (/^-[a-zA-Z]{2,}$/.test(arg))
      return flags.some((flag) => /^-[a-zA-Z]$/.test(flag) && arg.includes(flag[1] ?? ''));
    return false;
  });
}
