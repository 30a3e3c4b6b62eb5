import { formatGraphError } from '../../contract/graphErrors';
import { OnnxExportError, type OnnxProblem } from '../onnx/errors';

/** Thrown when a design cannot be written as TFLite; an OnnxExportError so that callers report it the same way. */
export class TfliteExportError extends OnnxExportError {
  constructor(problems: OnnxProblem[]) {
    super(problems);
    this.message = `cannot write TFLite: ${problems.map((p) => formatGraphError({ ...p, field: null })).join('; ')}`;
  }
}
