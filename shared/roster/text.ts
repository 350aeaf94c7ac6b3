/**
 * Cell text as people type it in Chinese spreadsheets: full-width letters and digits (ＡＢ１２), ideographic
 * spaces, zero-width characters pasted from web pages. Everything the roster reads goes through here first.
 */
export function normaliseText(raw: string): string {
  return raw
    .replace(/[\u200b-\u200d\ufeff]/g, '')
    .replace(/\u3000/g, ' ')
    .replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .trim();
}

/** Text with every kind of space removed (numbers and codes: "138 1234 5678"). */
export const withoutSpaces = (raw: string): string => normaliseText(raw).replace(/\s+/g, '');

/** A refusal names what is wrong in Chinese; the caller adds the row and the column. */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };
export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const refuse = <T = never>(reason: string): Checked<T> => ({ ok: false, reason });
