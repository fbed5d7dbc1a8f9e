/** What the binding says about a parameter (`params:` in the binding); every key optional. */
export interface ParamSpec {
  /** A regular expression the whole value must match (anchored: `^(?:…)$`). */
  pattern?: string;
  default?: string;
  /** The only values accepted. */
  choices?: string[];
  /** Id of a read step whose output lines are the choices (offered in Slack's select). */
  from?: string;
  /** What the value is; a described value may be free text (still no control characters). */
  describe?: string;
}

export const MAX_WORD_CHARS = 128;
export const MAX_TEXT_CHARS = 1000;

/** Characters a shell gives meaning to, blanks, and invisible or control characters. */
const SHELL_META = /[|&;<>()$`\\"'*?[\]{}~#!^]/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{White_Space}]/u;
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** `^(?:pattern)$` as a RegExp, or null when the pattern is not a valid regular expression. */
export function anchoredPattern(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`, 'u');
  } catch {
    return null;
  }
}

/**
 * Null when `value` may be given to parameter `name`, else the rule it breaks (said to the person
 * who typed it). Choices and a pattern are the binding author's rules; otherwise a value is one
 * plain word (at most 128 characters, no blanks, no shell characters), or with a `describe` free
 * text without control characters. A leading `-` is refused unless a choice or the pattern says so.
 * `strict`: a shell reads the value again (`bash -c`, `ssh`), so it must be a plain word anyway.
 */
export function checkParamValue(
  name: string,
  value: string,
  spec: ParamSpec | undefined,
  strict = false,
): string | null {
  if (spec?.choices && spec.choices.length > 0) {
    return spec.choices.includes(value)
      ? null
      : `${name} must be one of: ${spec.choices.slice(0, 10).join(', ')}${spec.choices.length > 10 ? ', …' : ''}`;
  }
  if (value === '') return `${name} needs a value`;
  const pattern = spec?.pattern === undefined ? null : anchoredPattern(spec.pattern);
  if (pattern && !pattern.test(value)) return `${name} must match ${spec?.pattern}`;
  if (value.startsWith('-') && !pattern)
    return `${name} must not start with "-" (it would read as an option)`;
  if (spec?.describe !== undefined && !strict) {
    if (value.length > MAX_TEXT_CHARS) return `${name} must be at most ${MAX_TEXT_CHARS} characters`;
    if (CONTROL.test(value.replace(/[\t\n]/g, ' ')))
      return `${name} must not contain control or invisible characters`;
    return null;
  }
  if ([...value].length > MAX_WORD_CHARS)
    return `${name} must be one word of at most ${MAX_WORD_CHARS} characters`;
  if (INVISIBLE.test(value))
    return `${name} must be one word: no blanks, line breaks or invisible characters`;
  if (SHELL_META.test(value))
    return `${name} must not contain shell characters such as | & ; < > ( ) $ \` \\ " ' * ?`;
  return null;
}
