import type { AxisPair, ParamValue } from '../../../src/graph/types';
import type { ParamSpec } from '../../../src/layers/params';

export type DraftResult = { ok: true; value: ParamValue } | { ok: false; message: string };

/**
 * Reads what the user typed in a number or padding field. A number out of range is still a number:
 * it goes into the design, where the node shows the range error, so shapes follow what is typed.
 * Text that is not a number at all stays in the field with a message.
 */
export function parseDraft(spec: ParamSpec, text: string): DraftResult {
  const t = text.trim();
  switch (spec.type) {
    case 'int':
    case 'float': {
      if (t === '') return { ok: false, message: `expected a number from ${spec.min} to ${spec.max}` };
      const n = Number(t);
      return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, message: `expected a number, got "${t}"` };
    }
    case 'padding': {
      if (t.toLowerCase() === 'same') return { ok: true, value: 'same' };
      const value = parseAxes(t);
      return value !== null ? { ok: true, value } : { ok: false, message: `expected "same", a whole number from 0 to ${spec.max}, or one per axis (0,3)` };
    }
    case 'axes': {
      const value = parseAxes(t);
      return value !== null ? { ok: true, value } : { ok: false, message: `expected a whole number from ${spec.min} to ${spec.max}, or one per axis (1×7)` };
    }
    case 'enum':
      return { ok: true, value: t };
    case 'bool':
      return { ok: true, value: t === 'true' };
  }
}

/** `3` or, per axis, `1×7`, `1x7`, `1,7` or `1 7` (height first); null for anything else. */
function parseAxes(text: string): number | AxisPair | null {
  const parts = text.split(/\s*[×x,]\s*|\s+/i).filter((part) => part !== '');
  if (parts.length < 1 || parts.length > 2 || /[×x,]$/i.test(text)) return null;
  const numbers = parts.map(Number);
  if (!numbers.every(Number.isFinite)) return null;
  return numbers.length === 1 ? numbers[0] : [numbers[0], numbers[1]];
}

/** The text a field shows for a stored value: a per-axis value as `1×7`. */
export const formatValue = (value: ParamValue): string => (Array.isArray(value) ? value.join('×') : String(value));

/** Whether two stored values are the same (per-axis values compared by their numbers). */
export const sameValue = (a: ParamValue, b: ParamValue): boolean => (Array.isArray(a) && Array.isArray(b) ? a[0] === b[0] && a[1] === b[1] : a === b);

/** `1–65536 px`: the range and unit a number field accepts. */
export function rangeHint(spec: ParamSpec): string {
  if (spec.type === 'int' || spec.type === 'float') return `${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.type === 'padding') return `0–${spec.max}, per axis, or same`;
  if (spec.type === 'axes') return `${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''}, per axis`;
  return '';
}
