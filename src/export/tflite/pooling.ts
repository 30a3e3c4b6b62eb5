import { avgDivisors, trailingPadding } from '../../compile/poolDivisor';
import type { TorchPoolConfig } from '../../compile/torchPool';
import type { TensorRef } from './builder';
import { mul, pad, type OperatorInput } from './primitives';
import { Activation, Op, Options, Slot } from './schema';

/** The lowest float32: padding that never wins a max. */
const LOWEST = -3.4028234663852886e38;

/**
 * A pool with PyTorch's semantics (padding, ceil mode, count_include_pad) from TFLite's VALID pools:
 * the input is padded explicitly, bottom and right as far as ceil mode's last window reaches, so every
 * window lies inside the padded tensor; an average divides by kernel² and is then rescaled per output
 * cell to PyTorch's divisor where that differs.
 */
export function writePool(x: OperatorInput, mode: 'max' | 'avg'): TensorRef {
  const p = x.node.params as unknown as TorchPoolConfig;
  const [, height, width] = x.inputs[0].shape;
  const geometry = { kernel: p.kernel, stride: p.stride, padding: p.padding, ceilMode: p.ceilMode };
  const after = [trailingPadding(height, geometry), trailingPadding(width, geometry)];
  const padded = pad(x.b, x.inputs[0], x.node.id, [p.padding, p.padding], after, mode === 'max' ? LOWEST : undefined);
  const s = Slot.Pool2D;
  const options = {
    union: Options.Pool2D,
    fields: [
      { slot: s.padding, byte: 1 }, { slot: s.strideW, int32: p.stride }, { slot: s.strideH, int32: p.stride },
      { slot: s.filterWidth, int32: p.kernel }, { slot: s.filterHeight, int32: p.kernel }, { slot: s.activation, byte: Activation.NONE },
    ],
  };
  if (mode === 'max') return x.b.op(Op.MAX_POOL_2D, [padded], x.node.id, x.shape, options);
  const rows = avgDivisors(height, geometry, p.countIncludePad ?? false);
  const cols = avgDivisors(width, geometry, p.countIncludePad ?? false);
  if (rows.every((r) => r === p.kernel) && cols.every((c) => c === p.kernel)) return x.b.op(Op.AVERAGE_POOL_2D, [padded], x.node.id, x.shape, options);
  const meanOfKernel = x.b.op(Op.AVERAGE_POOL_2D, [padded], `${x.node.id}_mean_of_kernel`, x.shape, options);
  const full = p.kernel * p.kernel;
  const scale = Float32Array.from(rows.flatMap((r) => cols.map((c) => full / (r * c))));
  return mul(x.b, meanOfKernel, x.b.floats(`${x.node.id}.divisor_scale`, [1, rows.length, cols.length, 1], scale), x.node.id);
}
