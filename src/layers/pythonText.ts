/** Python literals and arguments for the PyTorch side of layer declarations. */
import type { ParamValue } from '../graph/types';

/** A JS number as a Python float literal: `0.5`, `2.0`, `1e-7`. */
export function pyFloat(v: number): string {
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** `, padding='same'`, `, padding=2`, or nothing for 0. */
export const paddingArg = (p: ParamValue): string => (p === 'same' ? ", padding='same'" : Number(p) > 0 ? `, padding=${p}` : '');

/** `, stride=2`, or nothing when the stride is PyTorch's default for the layer. */
export const strideArg = (stride: number, byDefault: number): string => (stride !== byDefault ? `, stride=${stride}` : '');
