/**
 * Reads a GNU sed script and says whether it only prints: no `e` (run a command), no `w`/`W`
 * (write a file), no `s///e` or `s///w`. Returns the offending part, or null when it only prints.
 * Anything it cannot read is refused too.
 */
export function sedScriptProblem(script: string, readFiles: string[] = []): string | null {
  let i = 0;
  const at = () => script[i] ?? '';
  const skipBlanks = () => {
    while (/[ \t\n;]/.test(at()) && i < script.length) i++;
  };
  /** Reads `\cREGEXc` or `/regex/`, from the delimiter. */
  const skipDelimited = (delimiter: string): boolean => {
    i++;
    while (i < script.length && at() !== delimiter) {
      if (at() === '\\') i++;
      else if (at() === '\n') return false;
      i++;
    }
    if (at() !== delimiter) return false;
    i++;
    return true;
  };
  const skipAddress = (): boolean => {
    if (/\d/.test(at())) {
      while (/[\d~]/.test(at())) i++;
      return true;
    }
    if (at() === '$') {
      i++;
      return true;
    }
    if (at() === '/') return skipDelimited('/') && skipRegexFlags();
    if (at() === '\\') {
      i++;
      return skipDelimited(at()) && skipRegexFlags();
    }
    return true;
  };
  const skipRegexFlags = () => {
    while (/[IM]/.test(at())) i++;
    return true;
  };
  const restOfLine = () => {
    const end = script.indexOf('\n', i);
    i = end === -1 ? script.length : end;
  };
  const label = () => {
    while (i < script.length && !/[;\n}]/.test(at())) i++;
  };
  while (i < script.length) {
    skipBlanks();
    if (i >= script.length) break;
    if (at() === '#') {
      restOfLine();
      continue;
    }
    if (at() === '}') {
      i++;
      continue;
    }
    if (!skipAddress()) return 'an address sed cannot read';
    if (at() === ',') {
      i++;
      if (at() === '+' || at() === '~') i++;
      if (!skipAddress()) return 'an address sed cannot read';
    }
    while (at() === ' ' || at() === '!') i++;
    const command = at();
    i++;
    switch (command) {
      case '{':
      case '=':
      case 'd':
      case 'D':
      case 'g':
      case 'G':
      case 'h':
      case 'H':
      case 'l':
      case 'n':
      case 'N':
      case 'p':
      case 'P':
      case 'x':
      case 'z':
      case 'F':
        while (/\d/.test(at())) i++; // `l 80`
        break;
      case 'q':
      case 'Q':
      case 'L':
        while (/[ \d]/.test(at())) i++;
        break;
      case ':':
      case 'b':
      case 't':
      case 'T':
      case 'v':
        label();
        break;
      case 'a':
      case 'i':
      case 'c':
        // text to print
        restOfLine();
        break;
      case 'r':
      case 'R': {
        // a file to read into the output (reads only; the caller checks it is no secret)
        const start = i;
        restOfLine();
        readFiles.push(script.slice(start, i).trim());
        break;
      }
      case 'y': {
        const delimiter = at();
        if (!skipDelimited(delimiter)) return 'a y command sed cannot read';
        i--;
        if (!skipDelimited(delimiter)) return 'a y command sed cannot read';
        break;
      }
      case 's': {
        const delimiter = at();
        if (!delimiter || delimiter === '\n' || delimiter === '\\') return 'an s command sed cannot read';
        if (!skipDelimited(delimiter)) return 'an s command sed cannot read';
        i--;
        if (!skipDelimited(delimiter)) return 'an s command sed cannot read';
        while (/[gpiImM\d]/.test(at())) i++;
        if (at() === 'e') return 's///e (runs the pattern space as a command)';
        if (at() === 'w' || at() === 'W') return 's///w (writes a file)';
        if (!/^[\s;}#]|^$/.test(script.slice(i, i + 1)))
          return 'an s command flag sed is not known to only read with';
        break;
      }
      case 'e':
        return 'e (runs a command)';
      case 'w':
      case 'W':
        return `${command} (writes a file)`;
      default:
        return `command ${JSON.stringify(command)} sed is not known to only read with`;
    }
    skipBlanks();
  }
  return null;
}
