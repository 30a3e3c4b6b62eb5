import type { Box, Point, Size } from '../../../src/graph/layout/geometry';
import type { GraphDoc, Position } from '../../../src/graph/types';
import { autoLayout, edgeRoutes, type LayoutInput } from './layout';

/** Work for the layout worker: lay out a design, or route its edges around boxes already placed. */
export type LayoutJob =
  | { kind: 'layout'; graph: LayoutInput; sizes: [string, Size][] }
  | { kind: 'route'; boxes: Box[]; edges: GraphDoc['edges'] };

export type LayoutAnswer =
  | { kind: 'layout'; positions: [string, Position][] }
  | { kind: 'route'; routes: [string, Point[]][] };

/** Does a job where it is called: in the worker, or on this thread where no worker could start. */
export function runLayoutJob(job: LayoutJob): LayoutAnswer {
  if (job.kind === 'layout') return { kind: 'layout', positions: [...autoLayout(job.graph, new Map(job.sizes))] };
  return { kind: 'route', routes: [...edgeRoutes(job.boxes, job.edges)] };
}
