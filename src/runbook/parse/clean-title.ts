/**
 * Heading and label text as people should read it: emoji, stray `**` markers and stray
 * whitespace removed, accents and punctuation kept ("🔍 **DIAGNÓSTICO RÁPIDO**" -> "DIAGNÓSTICO RÁPIDO").
 */
const EMOJI =
  /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u{FE0F}|\u{200D}|\u{20E3}|[\u{1F3FB}-\u{1F3FF}]/gu;

export function cleanTitle(text: string): string {
  return text.replace(EMOJI, '').replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}
