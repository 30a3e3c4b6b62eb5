/** Bounds checked before anything is allocated, so a hostile file is refused quickly. */
export const ONNX_LIMITS = {
  /** The model file itself. */
  maxFileBytes: 1024 * 1024 * 1024,
  /** One tensor (initializer, constant or external data). */
  maxTensorElements: 256 * 1024 * 1024,
  /** All weights together. */
  maxTotalElements: 512 * 1024 * 1024,
  maxNodes: 20000,
  maxDims: 8,
} as const;
