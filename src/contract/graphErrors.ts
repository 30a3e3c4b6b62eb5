/** A problem that names where it is: a node and field, or an edge, or the document itself (both null). */
export interface GraphError {
  nodeId: string | null;
  field: string | null;
  message: string;
}

/**
 * One error as a user reads it: where (node, then field), then what.
 * @example formatGraphError({ nodeId: 'conv1', field: 'kernel', message: 'expected 1 to 64, got 0' })
 *          // 'node conv1, kernel: expected 1 to 64, got 0'
 */
export function formatGraphError(error: GraphError): string {
  const where = [error.nodeId !== null && `node ${error.nodeId}`, error.field].filter(Boolean).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

/** The first `max` errors, `; `-separated, and how many more there are. */
export function formatGraphErrors(errors: readonly GraphError[], max = 3): string {
  const shown = errors.slice(0, max).map(formatGraphError).join('; ');
  return errors.length > max ? `${shown}; and ${errors.length - max} more` : shown;
}
