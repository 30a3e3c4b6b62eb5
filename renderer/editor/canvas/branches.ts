import type { SubNode } from '../../../src/layers/define';
import type { AxisPair, ParamValue } from '../../../src/graph/types';
import { perAxis } from '../../../src/layers/params';

/** One branch of a composite block, as a short chain: `1×1·96 → 3×3·128`. */
export interface Branch {
  label: string;
  steps: string[];
}

/** A kernel as `3×3` or, per axis, `1×7`. */
const window = (kernel: ParamValue): string => perAxis(kernel as number | AxisPair).join('×');

/** A sub-node in a few characters: `3×3·128` (or `1×7·128`) for a convolution, `pool 3×3` for a pool. */
function stepLabel(sub: SubNode): string {
  const p: Record<string, ParamValue> = sub.params;
  if (sub.kind === 'ConvBNReLU' || sub.kind === 'Conv2D') return `${window(p.kernel)}·${p.filters}`;
  if (sub.kind === 'MaxPool' || sub.kind === 'AvgPool') return `pool ${p.kernel}×${p.kernel}`;
  if (sub.kind === 'BatchNorm') return 'BN';
  return sub.kind;
}

/**
 * The branches of a composite block's expansion: each sub-node fed by the block's input starts a
 * branch; a sub-node with one input continues its input's branch; a merge (Concat) ends them all.
 */
export function branchesOf(subs: readonly SubNode[]): { branches: Branch[]; merge: string | null } {
  const branches: Branch[] = [];
  const branchOf = new Map<string, Branch>();
  let merge: string | null = null;
  for (const sub of subs) {
    const inner = sub.inputs.filter((from) => from !== '$in');
    if (inner.length > 1) {
      merge = sub.kind;
      continue;
    }
    const branch = inner.length === 0 ? undefined : branchOf.get(inner[0]);
    if (branch) branch.steps.push(stepLabel(sub));
    else branches.push({ label: `b${branches.length + 1}`, steps: [stepLabel(sub)] });
    branchOf.set(sub.id, branch ?? branches[branches.length - 1]);
  }
  return { branches, merge };
}
