import type { FolderPrediction } from '../contract/classification';

/** Ranks written per image: the top-1 class and its probability first, then ranks 2 to 5. */
export const CSV_RANKS = 5;

/** `path,top1_label,top1_probability,top2_label,…,top5_probability`. */
export const CSV_HEADER = [
  'path',
  ...Array.from({ length: CSV_RANKS }, (_, i) => [`top${i + 1}_label`, `top${i + 1}_probability`]).flat(),
].join(',');

/** One field as RFC 4180 writes it: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One image as a CSV record ending in CRLF (RFC 4180); fewer than five classes leave the last fields
 * empty. Probabilities have six decimals.
 */
export function csvRow(prediction: FolderPrediction): string {
  const fields = [csvField(prediction.path)];
  for (let i = 0; i < CSV_RANKS; i++) {
    const t = prediction.top[i];
    fields.push(t ? csvField(t.label) : '', t ? t.probability.toFixed(6) : '');
  }
  return `${fields.join(',')}\r\n`;
}

/** Parses RFC 4180 text into records of fields (quoted fields may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
      if (c === '\r') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || record.length) records.push([...record, field]);
  return records;
}
