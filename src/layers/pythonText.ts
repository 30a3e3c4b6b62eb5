/** Python literals and arguments for the PyTorch side of layer declarations. */
import type { AxisPair, ParamValue } from '../graph/types';

/** A JS number as a Python float literal: `0.5`, `2.0`, `1e-7`. */
export function pyFloat(v: number): string {
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** `3`, or `(1, 7)` when the axes differ: PyTorch's int-or-tuple argument. */
export function pyAxes(v: number | AxisPair): string {
  if (typeof v === 'number') return String(v);
  return v[0] === v[1] ? String(v[0]) : `(${v[0]}, ${v[1]})`;
}

/** `, padding='same'`, `, padding=2`, `, padding=(0, 3)`, or nothing for 0. */
export const paddingArg = (p: ParamValue): string => {
  if (p === 'same') return ", padding='same'";
  if (Array.isArray(p)) return p[0] === 0 && p[1] === 0 ? '' : `, padding=${pyAxes(p as AxisPair)}`;
  return Number(p) > 0 ? `, padding=${p}` : '';
};

/** `, stride=2`, `, stride=(2, 1)`, or nothing when the stride is PyTorch's default for the layer. */
export const strideArg = (stride: number | AxisPair, byDefault: number): string =>
  pyAxes(stride) !== String(byDefault) ? `, stride=${pyAxes(stride)}` : '';

/** `, dilation=2`, or nothing for 1. */
export const dilationArg = (dilation: number | AxisPair): string => (pyAxes(dilation) !== '1' ? `, dilation=${pyAxes(dilation)}` : '');
