import { avgDivisors, trailingPadding } from '../../compile/poolDivisor';
import type { TorchPoolConfig } from '../../compile/torchPool';
import type { OnnxGraphBuilder } from './builder';

/** A MaxPool or AvgPool node's params (PyTorch semantics) and its input's height and width. */
export interface PoolSpec extends TorchPoolConfig {
  height: number;
  width: number;
}

/**
 * Whether PyTorch's last window (ceil mode) reaches past the right padding on some axis. Runtimes
 * disagree on such windows: older onnxruntime releases count a window that starts in the right
 * padding, and the divisor of a clipped average window differs; so those pools are written with an
 * explicit Pad and an unpadded, floor-mode pool instead of `ceil_mode`.
 */
export function overhangs(p: PoolSpec): boolean {
  return [p.height, p.width].some((len) => trailingPadding(len, p) > p.padding);
}

/**
 * Writes a pool with PyTorch's semantics; returns its output name. Windows that stay inside the
 * padded input use ONNX's own `pads` (padded cells never win a max; `count_include_pad` for averages).
 */
export function writePool(b: OnnxGraphBuilder, input: string, id: string, p: PoolSpec): string {
  const geometry = { kernel_shape: [p.kernel, p.kernel], strides: [p.stride, p.stride] };
  if (!overhangs(p)) {
    const pads = [p.padding, p.padding, p.padding, p.padding];
    if (p.mode === 'max') return b.node('MaxPool', [input], id, { ...geometry, pads });
    return b.node('AveragePool', [input], id, { ...geometry, pads, count_include_pad: p.countIncludePad ? 1 : 0 });
  }
  const padH = trailingPadding(p.height, p);
  const padW = trailingPadding(p.width, p);
  const pads = b.int64s(`${id}.pads`, [0, 0, p.padding, p.padding, 0, 0, padH, padW]);
  const fill = b.floats(`${id}.pad_value`, [], Float32Array.of(p.mode === 'max' ? -Infinity : 0));
  const padded = b.node('Pad', [input, pads, fill], `${id}_pad`, { mode: 'constant' });
  if (p.mode === 'max') return b.node('MaxPool', [padded], id, geometry);

  // Every window lies inside the padded tensor, so this divides each by kernel²; count_include_pad
  // keeps that true where a runtime folds the Pad into the pool's own padding.
  const meanOfKernel = { ...geometry, count_include_pad: 1 };
  const rows = avgDivisors(p.height, p, p.countIncludePad);
  const cols = avgDivisors(p.width, p, p.countIncludePad);
  if (rows.every((r) => r === p.kernel) && cols.every((c) => c === p.kernel)) return b.node('AveragePool', [padded], id, meanOfKernel);
  // Rescale each output to PyTorch's divisor.
  const mean = b.node('AveragePool', [padded], `${id}_mean_of_kernel`, meanOfKernel);
  const full = p.kernel * p.kernel;
  const scale = Float32Array.from(rows.flatMap((r) => cols.map((c) => full / (r * c))));
  return b.node('Mul', [mean, b.floats(`${id}.divisor_scale`, [1, 1, rows.length, cols.length], scale)], id);
}
