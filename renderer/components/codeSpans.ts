/** One piece of help text: plain words, or a name written in `backticks` (a param, a file). */
export interface TextPart { code: boolean; text: string }

/**
 * Splits help text at its backticks, so names render as code and no raw backtick shows.
 * @example codeSpans('learns `filters` detectors') // [{ code: false, text: 'learns ' }, { code: true, text: 'filters' }, …]
 */
export function codeSpans(text: string): TextPart[] {
  return text.split('`').map((part, i) => ({ code: i % 2 === 1, text: part })).filter((p) => p.text !== '');
}

/** The same text for a tooltip, where nothing renders: the backticks dropped. */
export const plainText = (text: string): string => text.replaceAll('`', '');
