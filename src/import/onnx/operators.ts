import type { OpHandler } from './context';
import { add, gemm, matMul, softmax } from './denseOps';
import { cast, concat, constant, div, flattenOp, gather, passThrough, shape, unsqueeze } from './shapeOps';
import { pad } from './padOps';
import { averagePool, batchNormalization, clip, conv, maxPool, relu, sigmoid } from './spatialOps';
import { gelu, layerNormalization } from './channelsLastOps';
import { reshape, transpose } from './shuffleOps';
import { slice, split } from './splitOps';
import { globalAveragePool, hardSigmoid, hardSwish, mul, reduceMean } from './gateOps';

/** Every ONNX operator the importer maps, by op type; anything else refuses the import. */
export const ONNX_OPERATORS: Readonly<Partial<Record<string, OpHandler>>> = {
  Conv: conv,
  BatchNormalization: batchNormalization,
  Relu: relu,
  Clip: clip,
  Sigmoid: sigmoid,
  HardSigmoid: hardSigmoid,
  HardSwish: hardSwish,
  Mul: mul,
  ReduceMean: reduceMean,
  Transpose: transpose,
  LayerNormalization: layerNormalization,
  Gelu: gelu,
  Pad: pad,
  MaxPool: maxPool,
  AveragePool: averagePool,
  GlobalAveragePool: globalAveragePool,
  Concat: concat,
  Add: add,
  Flatten: flattenOp,
  Reshape: reshape,
  Shape: shape,
  Gather: gather,
  Unsqueeze: unsqueeze,
  Cast: cast,
  Split: split,
  Slice: slice,
  Div: div,
  Constant: constant,
  Gemm: gemm,
  MatMul: matMul,
  Dropout: passThrough,
  Identity: passThrough,
  Softmax: softmax,
};
