import { Builder, type Offset } from 'flatbuffers';
import type { OptionField, TfliteModel, TfliteOperator, TfliteOptions, TfliteTensor } from './flatModel';
import { FILE_IDENTIFIER, SCHEMA_VERSION, Slot } from './schema';

/** The signature a runtime runs by default, as TensorFlow's converter names it. */
export const SIGNATURE_KEY = 'serving_default';

/** The Builder's internal ByteBuffer and free space: a 16-aligned byte vector is written straight into them. */
interface BuilderInternals { bb: { bytes(): Uint8Array; setPosition(p: number): void }; space: number }

/** Buffer.data is `force_align: 16`, so that a runtime can read weights in place. */
function alignedBytes(b: Builder, data: Uint8Array): Offset {
  b.startVector(1, data.length, 16);
  const inner = b as unknown as BuilderInternals;
  inner.space -= data.length;
  inner.bb.setPosition(inner.space);
  inner.bb.bytes().set(data, inner.space);
  return b.endVector();
}

function int32Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i]);
  return b.endVector();
}

function float32Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addFloat32(values[i]);
  return b.endVector();
}

function int64Vector(b: Builder, values: readonly number[]): Offset {
  b.startVector(8, values.length, 8);
  for (let i = values.length - 1; i >= 0; i--) b.addInt64(BigInt(values[i]));
  return b.endVector();
}

function offsetVector(b: Builder, offsets: readonly Offset[]): Offset {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i]);
  return b.endVector();
}

function table(b: Builder, slots: number, fill: () => void): Offset {
  b.startObject(slots);
  fill();
  return b.endObject();
}

function optionsTable(b: Builder, options: TfliteOptions): Offset {
  const vectors = new Map<OptionField, Offset>();
  for (const f of options.fields) if ('int32s' in f) vectors.set(f, int32Vector(b, f.int32s));
  const slots = Math.max(0, ...options.fields.map((f) => f.slot + 1));
  return table(b, slots, () => {
    for (const f of options.fields) {
      if ('int32' in f) b.addFieldInt32(f.slot, f.int32, null);
      else if ('byte' in f) b.addFieldInt8(f.slot, f.byte, null);
      else if ('bool' in f) b.addFieldInt8(f.slot, f.bool ? 1 : 0, null);
      else if ('float32' in f) b.addFieldFloat32(f.slot, f.float32, null);
      else b.addFieldOffset(f.slot, vectors.get(f)!, 0);
    }
  });
}

function tensorTable(b: Builder, t: TfliteTensor): Offset {
  const shape = int32Vector(b, t.shape);
  const name = b.createString(t.name);
  let quantization = 0;
  if (t.quantization) {
    const q = t.quantization;
    const scale = float32Vector(b, q.scale);
    const zeroPoint = int64Vector(b, q.zeroPoint);
    quantization = table(b, 7, () => {
      b.addFieldOffset(Slot.Quantization.scale, scale, 0);
      b.addFieldOffset(Slot.Quantization.zeroPoint, zeroPoint, 0);
      b.addFieldInt32(Slot.Quantization.quantizedDimension, q.dimension ?? 0, 0);
    });
  }
  return table(b, 5, () => {
    b.addFieldOffset(Slot.Tensor.shape, shape, 0);
    b.addFieldInt8(Slot.Tensor.type, t.type, 0);
    b.addFieldInt32(Slot.Tensor.buffer, t.buffer, 0);
    b.addFieldOffset(Slot.Tensor.name, name, 0);
    b.addFieldOffset(Slot.Tensor.quantization, quantization, 0);
  });
}

function operatorTable(b: Builder, o: TfliteOperator, opcodeIndex: number): Offset {
  const inputs = int32Vector(b, o.inputs);
  const outputs = int32Vector(b, o.outputs);
  const options = o.options ? optionsTable(b, o.options) : 0;
  return table(b, 5, () => {
    b.addFieldInt32(Slot.Operator.opcodeIndex, opcodeIndex, 0);
    b.addFieldOffset(Slot.Operator.inputs, inputs, 0);
    b.addFieldOffset(Slot.Operator.outputs, outputs, 0);
    if (o.options) {
      b.addFieldInt8(Slot.Operator.builtinOptionsType, o.options.union, 0);
      b.addFieldOffset(Slot.Operator.builtinOptions, options, 0);
    }
  });
}

function tensorMap(b: Builder, name: string, index: number): Offset {
  const n = b.createString(name);
  return table(b, 2, () => {
    b.addFieldOffset(Slot.TensorMap.name, n, 0);
    b.addFieldInt32(Slot.TensorMap.tensorIndex, index, 0);
  });
}

/** Encodes a one-subgraph model as a `.tflite` FlatBuffer (schema version 3, identifier TFL3). */
export function encodeTflite(model: TfliteModel): Uint8Array {
  const weightBytes = model.buffers.reduce((n, d) => n + d.length + 16, 0);
  const b = new Builder(weightBytes + 64 * 1024 + 512 * model.tensors.length);
  const metadata = Object.entries(model.metadata);
  const buffers = [...model.buffers, ...metadata.map(([, text]) => new TextEncoder().encode(text))];
  const bufferTables = buffers.map((data, i) => {
    const bytes = i === 0 ? 0 : alignedBytes(b, data);
    return table(b, 1, () => { if (bytes) b.addFieldOffset(Slot.Buffer.data, bytes, 0); });
  });
  const metadataTables = metadata.map(([name], i) => {
    const n = b.createString(name);
    return table(b, 2, () => {
      b.addFieldOffset(Slot.Metadata.name, n, 0);
      b.addFieldInt32(Slot.Metadata.buffer, model.buffers.length + i, 0);
    });
  });

  const codes = [...new Set(model.operators.map((o) => `${o.op}/${o.version ?? 1}`))];
  const codeTables = codes.map((key) => {
    const [op, version] = key.split('/').map(Number);
    return table(b, 4, () => {
      b.addFieldInt8(Slot.OperatorCode.deprecatedBuiltinCode, Math.min(op, 127), 0);
      b.addFieldInt32(Slot.OperatorCode.version, version, 1);
      b.addFieldInt32(Slot.OperatorCode.builtinCode, op, 0);
    });
  });
  const operators = model.operators.map((o) => operatorTable(b, o, codes.indexOf(`${o.op}/${o.version ?? 1}`)));
  const tensors = model.tensors.map((t) => tensorTable(b, t));
  const tensorsVector = offsetVector(b, tensors);
  const inputs = int32Vector(b, model.inputs);
  const outputs = int32Vector(b, model.outputs);
  const operatorsVector = offsetVector(b, operators);
  const subgraphName = b.createString('main');
  const subgraph = table(b, 5, () => {
    b.addFieldOffset(Slot.SubGraph.tensors, tensorsVector, 0);
    b.addFieldOffset(Slot.SubGraph.inputs, inputs, 0);
    b.addFieldOffset(Slot.SubGraph.outputs, outputs, 0);
    b.addFieldOffset(Slot.SubGraph.operators, operatorsVector, 0);
    b.addFieldOffset(Slot.SubGraph.name, subgraphName, 0);
  });

  const signatureInputs = offsetVector(b, model.inputs.map((t) => tensorMap(b, model.tensors[t].name, t)));
  const signatureOutputs = offsetVector(b, model.outputs.map((t) => tensorMap(b, model.tensors[t].name, t)));
  const key = b.createString(SIGNATURE_KEY);
  const signature = table(b, 5, () => {
    b.addFieldOffset(Slot.SignatureDef.inputs, signatureInputs, 0);
    b.addFieldOffset(Slot.SignatureDef.outputs, signatureOutputs, 0);
    b.addFieldOffset(Slot.SignatureDef.signatureKey, key, 0);
    b.addFieldInt32(Slot.SignatureDef.subgraphIndex, 0, 0);
  });

  const codesVector = offsetVector(b, codeTables);
  const subgraphs = offsetVector(b, [subgraph]);
  const description = b.createString(model.description);
  const buffersVector = offsetVector(b, bufferTables);
  const metadataVector = offsetVector(b, metadataTables);
  const signatures = offsetVector(b, [signature]);
  const root = table(b, 8, () => {
    b.addFieldInt32(Slot.Model.version, SCHEMA_VERSION, 0);
    b.addFieldOffset(Slot.Model.operatorCodes, codesVector, 0);
    b.addFieldOffset(Slot.Model.subgraphs, subgraphs, 0);
    b.addFieldOffset(Slot.Model.description, description, 0);
    b.addFieldOffset(Slot.Model.buffers, buffersVector, 0);
    b.addFieldOffset(Slot.Model.metadata, metadataVector, 0);
    b.addFieldOffset(Slot.Model.signatureDefs, signatures, 0);
  });
  b.finish(root, FILE_IDENTIFIER);
  return b.asUint8Array();
}
