import { parseGraph } from '../graph/schema';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../graph/types';
import type { DesignBuilder } from './design';
import { ImportError } from './errors';
import { importLayout } from './layout';
import { formatGraphErrors } from '../contract/graphErrors';

/** The built design as a checked graph document, laid out top to bottom as the canvas lays out designs. */
export function toGraphDoc(design: DesignBuilder, name: string): GraphDoc {
  const nodes = design.nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params, position: { x: 0, y: 0 } }));
  const edges = design.nodes.flatMap((n) => n.inputs.map((source, slot) => ({ id: `${source}__${n.id}__${slot}`, source, target: n.id, targetSlot: slot })));
  const positions = importLayout({ nodes, edges });
  const parsed = parseGraph({
    format: GRAPH_FORMAT,
    version: GRAPH_VERSION,
    name,
    nodes: nodes.map((n) => ({ ...n, position: positions.get(n.id)! })),
    edges,
  });
  if (!parsed.ok) {
    throw new ImportError(`the imported design is not valid: ${formatGraphErrors(parsed.errors)}`);
  }
  return parsed.graph;
}
