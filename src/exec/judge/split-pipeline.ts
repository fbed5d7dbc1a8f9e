/**
 * The commands of a shell pipeline (`a | b | c`), split on unquoted `|` (not `||`), with the
 * program name of each. Quotes and backslashes are respected; this is for judging output, not
 * for running anything.
 */
export function pipelinePrograms(command: string): string[] {
  return splitPipeline(command).map(programOf);
}

export function splitPipeline(command: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quote: '"' | "'" | null = null;
  for (let index = 0; index < command.length; index++) {
    const char = command[index]!;
    if (char === '\\' && quote !== "'") {
      current += char + (command[index + 1] ?? '');
      index++;
      continue;
    }
    if (quote) {
      if (char === quote) quote = null;
      current += char;
      continue;
    }
    if (char === '"' || char === "'") {
      quote = char;
      current += char;
      continue;
    }
    if (char === '|' && command[index + 1] === '|') {
      current += '||';
      index++;
      continue;
    }
    if (char === '|') {
      parts.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  parts.push(current.trim());
  return parts.filter((part) => part.length > 0);
}

/** `sudo -u x FOO=1 /usr/bin/grep -E …` -> `grep`. */
function programOf(part: string): string {
  const words = part.split(/\s+/);
  let index = 0;
  while (index < words.length) {
    const word = words[index]!;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === 'sudo' || word === 'env' || word === 'command') {
      index++;
      continue;
    }
    return word.replace(/^.*\//, '');
  }
  return '';
}
