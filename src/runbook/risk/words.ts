/** A word list written as text: `words('ls cat df')` -> `['ls', 'cat', 'df']`. */
export const words = (text: string): string[] => text.trim().split(/\s+/);
