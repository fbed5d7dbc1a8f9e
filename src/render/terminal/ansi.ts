/** Plain ANSI styling, applied only when the caller says colours are wanted (NO_COLOR, TTY). */

const CODES = {
  bold: [1, 22],
  dim: [2, 22],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
} as const;

export type Style = keyof typeof CODES;

export type Paint = (style: Style, text: string) => string;

export function painter(color: boolean): Paint {
  if (!color) return (_style, text) => text;
  return (style, text) => `\u001b[${CODES[style][0]}m${text}\u001b[${CODES[style][1]}m`;
}

// Control characters in these patterns are the point: they remove what a command printed.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches terminal escape sequences on purpose
const CSI = /\u001b\[[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: matches OSC/DCS sequences on purpose
const OSC = /\u001b[\]P^_][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removes stray control characters on purpose
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Removes escape sequences and control characters a command may have printed (tab and newline stay). */
export function stripControl(text: string): string {
  return text.replace(CSI, '').replace(OSC, '').replace(CONTROL, '');
}
