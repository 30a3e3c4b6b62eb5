import type { ParamValue } from '../../src/graph/types';
import type { ParamSpec } from '../../src/layers/params';

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
      const n = Number(t);
      return t !== '' && Number.isFinite(n)
        ? { ok: true, value: n }
        : { ok: false, message: `expected "same" or a whole number from 0 to ${spec.max}` };
    }
    case 'enum':
      return { ok: true, value: t };
    case 'bool':
      return { ok: true, value: t === 'true' };
  }
}

/** The text a field shows for a stored value. */
export const formatValue = (value: ParamValue): string => String(value);

/** `1–65536 px`: the range and unit a number field accepts. */
export function rangeHint(spec: ParamSpec): string {
  if (spec.type === 'int' || spec.type === 'float') return `${spec.min}–${spec.max}${spec.unit ? ` ${spec.unit}` : ''}`;
  if (spec.type === 'padding') return `0–${spec.max} or same`;
  return '';
}
