import type { GraphDoc, RunInfo } from '../../src/service/api';
import type { StartFrom } from '../state/trainStore';
import { runTitle } from '../components/runLabels';

/** A run whose weights a new run can start from: one that finished (an imported model is stored as one). */
export const canFineTune = (run: Pick<RunInfo, 'status'>): boolean => run.status === 'completed' || run.status === 'early-stopped';

/** The Train screen's "start from" for a run, belonging to the design the editor opened `design`-th (its `openCount`). */
export const startFromRun = (run: Pick<RunInfo, 'id' | 'label' | 'name' | 'classes'>, design: number): StartFrom =>
  ({ run: run.id, name: runTitle(run), classes: run.classes, design });

/**
 * True when the open design is the run's network (same layers, params and connections), frozen layers and
 * places aside: fine-tuning then keeps the open design with the layers the user froze.
 */
export function sameNetwork(open: Pick<GraphDoc, 'nodes' | 'edges'>, run: Pick<GraphDoc, 'nodes' | 'edges'>): boolean {
  if (open.nodes.length !== run.nodes.length || open.edges.length !== run.edges.length) return false;
  const runNodes = new Map(run.nodes.map((n) => [n.id, n]));
  const sameNode = open.nodes.every((n) => {
    const m = runNodes.get(n.id);
    return m !== undefined && m.kind === n.kind && JSON.stringify(m.params) === JSON.stringify(n.params);
  });
  const key = (e: GraphDoc['edges'][number]) => `${e.source}>${e.target}:${e.targetSlot}`;
  const runEdges = new Set(run.edges.map(key));
  return sameNode && open.edges.every((e) => runEdges.has(key(e)));
}
