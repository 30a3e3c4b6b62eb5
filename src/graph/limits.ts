/** Bounds on what a graph document may hold, so a hostile file is refused quickly instead of exhausting the host. */
export const LIMITS = {
  maxFileBytes: 20 * 1024 * 1024,
  maxNodes: 5000,
  maxEdges: 20000,
  maxParamsPerNode: 32,
  maxNameLength: 200,
  maxIdLength: 64,
  maxStringParamLength: 64,
  maxCoordinate: 1e7,
} as const;
