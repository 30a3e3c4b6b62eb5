import { formatGraphError } from '../../contract/graphErrors';

/** One reason a design cannot be written as ONNX, with the node it is about (null: the design as a whole). */
export interface OnnxProblem { nodeId: string | null; message: string }

/** Thrown when a design cannot be written as ONNX; the message lists every problem with its node. */
export class OnnxExportError extends Error {
  constructor(readonly problems: OnnxProblem[]) {
    super(`cannot write ONNX: ${problems.map((p) => formatGraphError({ ...p, field: null })).join('; ')}`);
  }
}
