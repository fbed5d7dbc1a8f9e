/** Lower-case, accents removed: "Conexão" -> "conexao". */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Words of folded text, split on anything not a letter or digit (`jwt_secret` -> jwt, secret). */
export function foldedWords(text: string): string[] {
  return foldText(text).match(/[a-z0-9]+/g) ?? [];
}
