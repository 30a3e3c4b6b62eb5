/**
 * The parts of TFLite's FlatBuffer schema (tensorflow/compiler/mlir/lite/schema/schema.fbs, file
 * identifier TFL3) this writer uses: enum values and each table's field slots, in declaration order
 * (a union field takes two slots: its type, then its value).
 */

export const FILE_IDENTIFIER = 'TFL3';
export const SCHEMA_VERSION = 3;

export const TensorType = { FLOAT32: 0, INT32: 2, INT8: 9 } as const;
export type TensorTypeValue = (typeof TensorType)[keyof typeof TensorType];

/** BuiltinOperator values. */
export const Op = {
  ADD: 0,
  AVERAGE_POOL_2D: 1,
  CONCATENATION: 2,
  CONV_2D: 3,
  DEPTHWISE_CONV_2D: 4,
  DEQUANTIZE: 6,
  FULLY_CONNECTED: 9,
  LOGISTIC: 14,
  MAX_POOL_2D: 17,
  MUL: 18,
  RELU: 19,
  RELU6: 21,
  RESHAPE: 22,
  SOFTMAX: 25,
  PAD: 34,
  TRANSPOSE: 39,
  MEAN: 40,
  SUB: 41,
  PADV2: 60,
  SLICE: 65,
  RSQRT: 76,
  QUANTIZE: 114,
  HARD_SWISH: 117,
  GELU: 150,
} as const;

/** Members of the BuiltinOptions union (0 is NONE). */
export const Options = {
  Conv2D: 1,
  DepthwiseConv2D: 2,
  Pool2D: 5,
  FullyConnected: 8,
  Softmax: 9,
  Concatenation: 10,
  Add: 11,
  Reshape: 17,
  Mul: 21,
  Reducer: 27,
  Sub: 28,
  Gelu: 116,
} as const;

export const Padding = { SAME: 0, VALID: 1 } as const;
export const Activation = { NONE: 0, RELU: 1, RELU6: 3 } as const;

/** Field slots per table. */
export const Slot = {
  Model: { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4, metadata: 6, signatureDefs: 7 },
  OperatorCode: { deprecatedBuiltinCode: 0, version: 2, builtinCode: 3 },
  SubGraph: { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 },
  Tensor: { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4 },
  Quantization: { scale: 2, zeroPoint: 3, quantizedDimension: 6 },
  Operator: { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4 },
  Buffer: { data: 0 },
  Metadata: { name: 0, buffer: 1 },
  SignatureDef: { inputs: 0, outputs: 1, signatureKey: 2, subgraphIndex: 4 },
  TensorMap: { name: 0, tensorIndex: 1 },
  Conv2D: { padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 },
  DepthwiseConv2D: { padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 },
  Pool2D: { padding: 0, strideW: 1, strideH: 2, filterWidth: 3, filterHeight: 4, activation: 5 },
  FullyConnected: { activation: 0 },
  Softmax: { beta: 0 },
  Concatenation: { axis: 0, activation: 1 },
  Reshape: { newShape: 0 },
  Reducer: { keepDims: 0 },
  Gelu: { approximate: 0 },
} as const;
