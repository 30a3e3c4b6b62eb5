import type { AxisPair, ParamValue } from '../graph/types';

/** Declarations of a layer's parameters: the inspector form, validation and defaults all read these. */

interface ParamBase {
  /** One line shown under the field. */
  help: string;
  unit?: string;
}
export interface IntParam extends ParamBase { type: 'int'; default: number; min: number; max: number }
export interface FloatParam extends ParamBase { type: 'float'; default: number; min: number; max: number; step: number }
export interface BoolParam extends ParamBase { type: 'bool'; default: boolean }
export interface EnumParam extends ParamBase { type: 'enum'; options: readonly string[]; default: string }
/**
 * An explicit padding in pixels, the same on both sides of an axis: one number for both axes, `[h, w]` per axis,
 * or `same` (stride 1 only, as in PyTorch).
 */
export interface PaddingParam extends ParamBase { type: 'padding'; default: number | 'same'; max: number }
/** A whole number per spatial axis: one number for both, or `[h, w]` (a 1×7 kernel is `[1, 7]`). */
export interface AxesParam extends ParamBase { type: 'axes'; default: number; min: number; max: number }

export type ParamSpec = IntParam | FloatParam | BoolParam | EnumParam | PaddingParam | AxesParam;
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

/** The value type one declaration resolves to; over the union `ParamSpec`, the union of all of them. */
export type ValueOf<P extends ParamSpec> = P extends IntParam | FloatParam ? number
  : P extends BoolParam ? boolean
  : P extends EnumParam ? string
  : P extends PaddingParam ? number | 'same' | AxisPair
  : P extends AxesParam ? number | AxisPair
  : never;

/**
 * The resolved value type of each declared parameter. For the open `ParamSpecs` (a layer of any kind) it is
 * a record of `ParamValue`s, which is what a node of the design carries once `resolveParams` has checked it.
 */
export type ParamValues<S extends ParamSpecs> = { [K in keyof S]: ValueOf<S[K]> };

export const int = (d: number, min: number, max: number, help: string, unit?: string): IntParam =>
  ({ type: 'int', default: d, min, max, help, unit });
export const float = (d: number, min: number, max: number, step: number, help: string): FloatParam =>
  ({ type: 'float', default: d, min, max, step, help });
export const bool = (d: boolean, help: string): BoolParam => ({ type: 'bool', default: d, help });
export const choice = (options: readonly string[], d: string, help: string): EnumParam =>
  ({ type: 'enum', options, default: d, help });
export const padding = (d: number | 'same', max: number, help: string): PaddingParam =>
  ({ type: 'padding', default: d, max, help });
export const axes = (d: number, min: number, max: number, help: string, unit?: string): AxesParam =>
  ({ type: 'axes', default: d, min, max, help, unit });

/** A per-axis value as `[height, width]`. */
export const perAxis = (v: number | AxisPair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** `1×7` for a per-axis value, `3` when both axes agree. */
export const axesText = (v: number | AxisPair): string => {
  const [h, w] = perAxis(v);
  return h === w ? String(h) : `${h}×${w}`;
};

const isPair = (v: unknown): v is AxisPair => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number');

export const MAX_CHANNELS = 65536;
export const MAX_KERNEL = 255;
export const MAX_IMAGE_SIDE = 8192;

export interface ParamIssue { field: string; message: string }

/** Whole numbers from `min` to `max`, one or one per axis; null when they are. */
function checkAxes(name: string, value: unknown, min: number, max: number, also: string): ParamIssue | null {
  const values = isPair(value) ? value : [value];
  if (values.every((v) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) return null;
  const got = typeof value === 'string' ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
  return { field: name, message: `expected${also} a whole number from ${min} to ${max}, or [height, width] of them, got ${got}` };
}

function checkOne(name: string, spec: ParamSpec, value: unknown): ParamIssue | null {
  const got = typeof value === 'string' || Array.isArray(value) ? JSON.stringify(value) : String(value);
  switch (spec.type) {
    case 'int':
    case 'float': {
      if (typeof value === 'string' && value.trim() === '') {
        return { field: name, message: `is empty: give a number from ${spec.min} to ${spec.max}` };
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return { field: name, message: `expected a number, got ${got}` };
      }
      if (spec.type === 'int' && !Number.isInteger(value)) {
        return { field: name, message: `expected a whole number, got ${got}` };
      }
      if (value < spec.min || value > spec.max) {
        return { field: name, message: `must be between ${spec.min} and ${spec.max}, got ${got}` };
      }
      return null;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : { field: name, message: `expected true or false, got ${got}` };
    case 'enum':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : { field: name, message: `expected one of ${spec.options.join(', ')}, got ${got}` };
    case 'padding':
      return value === 'same' ? null : checkAxes(name, value, 0, spec.max, ' "same" or');
    case 'axes':
      return checkAxes(name, value, spec.min, spec.max, '');
  }
}

/** Fills defaults and checks every value against its declaration; unknown names are reported too. */
export function resolveParams<S extends ParamSpecs>(
  specs: S,
  raw: Readonly<Record<string, ParamValue>>,
): { values: ParamValues<S>; issues: ParamIssue[] } {
  const values: Record<string, ParamValue> = {};
  const issues: ParamIssue[] = [];
  for (const [name, spec] of Object.entries(specs)) {
    const value = Object.hasOwn(raw, name) ? raw[name] : spec.default;
    const issue = checkOne(name, spec, value);
    if (issue) issues.push(issue);
    values[name] = issue ? spec.default : value;
  }
  for (const name of Object.keys(raw)) {
    if (!Object.hasOwn(specs, name)) {
      issues.push({ field: name, message: `unknown parameter; this layer takes ${Object.keys(specs).join(', ') || 'none'}` });
    }
  }
  return { values: values as ParamValues<S>, issues };
}

export function defaultParams(specs: ParamSpecs): Record<string, ParamValue> {
  return Object.fromEntries(Object.entries(specs).map(([k, s]) => [k, s.default]));
}
