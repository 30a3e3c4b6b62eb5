import type { OnnxTypes } from './proto';
import { readTensor } from './tensors';

type Node = OnnxTypes.INodeProto;

/**
 * Finds the operator chains torch.onnx writes for LayerNorm (before opset 17) and the exact GELU (before opset
 * 20) and puts one LayerNormalization / Gelu node in their place, so each maps onto one node kind. A chain is
 * fused only when each intermediate value has no reader outside it and each constant is what the formula needs.
 */
export function fuseOnnx(nodes: readonly Node[], initializers: readonly OnnxTypes.ITensorProto[], modelDir: string): Node[] {
  const scalars = new Map<string, number>();
  const remember = (name: string, t: OnnxTypes.ITensorProto) => {
    try {
      const { float, ints } = readTensor(t, modelDir, name);
      const values = float ?? ints;
      if (values && values.length === 1) scalars.set(name, values[0]);
    } catch {
      // Not a readable scalar: the chain is then not fused, and the node maps (or refuses) on its own.
    }
  };
  for (const t of initializers) remember(t.name ?? '', t);
  for (const n of nodes) {
    const value = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
    if (value) remember(n.output?.[0] ?? '', value);
  }
  const producer = new Map<string, Node>();
  const readers = new Map<string, Node[]>();
  for (const n of nodes) {
    (n.output ?? []).forEach((o) => producer.set(o, n));
    for (const x of n.input ?? []) readers.set(x, [...(readers.get(x) ?? []), n]);
  }
  const only = (value: string): Node | null => {
    const r = readers.get(value) ?? [];
    return r.length === 1 ? r[0] : null;
  };
  const out = (n: Node) => n.output?.[0] ?? '';
  const other = (n: Node, input: string) => (n.input?.[0] === input ? n.input?.[1] : n.input?.[0]) ?? '';
  const near = (name: string, want: number, tolerance = 1e-6) => scalars.has(name) && Math.abs(scalars.get(name)! - want) <= tolerance;
  const axesLast = (n: Node) => {
    const axes = n.attribute?.find((a) => a.name === 'axes')?.ints?.map(Number);
    return axes?.length === 1 && axes[0] === -1;
  };

  const removed = new Set<Node>();
  const replaced = new Map<Node, Node>();

  for (const mean of nodes) {
    if (mean.opType !== 'ReduceMean' || !axesLast(mean) || mean.input?.length !== 1) continue;
    const x = mean.input[0];
    const sub = only(out(mean));
    if (sub?.opType !== 'Sub' || sub.input?.[0] !== x || sub.input?.[1] !== out(mean)) continue;
    const subReaders = readers.get(out(sub)) ?? [];
    const pow = subReaders.find((n) => n.opType === 'Pow');
    const div = subReaders.find((n) => n.opType === 'Div');
    if (subReaders.length !== 2 || !pow || !div || !near(pow.input?.[1] ?? '', 2)) continue;
    const variance = only(out(pow));
    if (variance?.opType !== 'ReduceMean' || !axesLast(variance)) continue;
    const plusEps = only(out(variance));
    if (plusEps?.opType !== 'Add' || !scalars.has(other(plusEps, out(variance)))) continue;
    const sqrt = only(out(plusEps));
    if (sqrt?.opType !== 'Sqrt' || only(out(sqrt)) !== div || div.input?.[0] !== out(sub) || div.input?.[1] !== out(sqrt)) continue;
    const scale = only(out(div));
    if (scale?.opType !== 'Mul') continue;
    const shift = only(out(scale));
    if (shift?.opType !== 'Add') continue;
    const epsilon = scalars.get(other(plusEps, out(variance)))!;
    [mean, sub, pow, variance, plusEps, sqrt, div, scale].forEach((n) => removed.add(n));
    replaced.set(shift, {
      opType: 'LayerNormalization',
      name: shift.name,
      input: [x, other(scale, out(div)), other(shift, out(scale))],
      output: shift.output,
      attribute: [{ name: 'axis', type: 2, i: -1 }, { name: 'epsilon', type: 1, f: epsilon }],
    });
  }

  for (const div of nodes) {
    if (div.opType !== 'Div' || removed.has(div) || !near(div.input?.[1] ?? '', Math.SQRT2)) continue;
    const x = div.input?.[0] ?? '';
    const erf = only(out(div));
    if (erf?.opType !== 'Erf') continue;
    const plusOne = only(out(erf));
    if (plusOne?.opType !== 'Add' || !near(other(plusOne, out(erf)), 1)) continue;
    const times = only(out(plusOne));
    if (times?.opType !== 'Mul' || other(times, out(plusOne)) !== x) continue;
    const half = only(out(times));
    if (half?.opType !== 'Mul' || !near(other(half, out(times)), 0.5)) continue;
    [div, erf, plusOne, times].forEach((n) => removed.add(n));
    replaced.set(half, { opType: 'Gelu', name: half.name, input: [x], output: half.output, attribute: [] });
  }

  return nodes.filter((n) => !removed.has(n)).map((n) => replaced.get(n) ?? n);
}
