import { quantizeBias, quantizePerChannel } from '../int8/quantMath';
import type { TfliteModel, TfliteOperator, TfliteQuantization, TfliteTensor } from './flatModel';
import { foldBatchNorms } from './foldBatchNorm';
import { fuseActivations } from './fuseActivations';
import { activationRanges, type Range } from './ranges';
import { Op, TensorType } from './schema';

/** An int8 activation's quantization: real = scale · (q − zeroPoint), q in [−128, 127]. */
interface Int8Params { scale: number; zeroPoint: number }

/** LOGISTIC and SOFTMAX's int8 kernels take only this output quantization. */
const UNIT_INTERVAL: Int8Params = { scale: 1 / 256, zeroPoint: -128 };
const MIN_SCALE = 1e-8;

/** Asymmetric int8 over a range widened to hold 0 (zero padding and ReLU's floor stay exact). */
export function int8Params({ min, max }: Range): Int8Params {
  const low = Math.min(min, 0);
  const high = Math.max(max, 0);
  const scale = Math.max((high - low) / 255, MIN_SCALE);
  return { scale, zeroPoint: Math.max(-128, Math.min(127, Math.round(-128 - low / scale))) };
}

const floatsOf = (bytes: Uint8Array): Float32Array => new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
const bytesOf = (values: Int8Array | Int32Array): Uint8Array => new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
const quantizeValue = (v: number, p: Int8Params): number => Math.max(-128, Math.min(127, Math.round(v / p.scale) + p.zeroPoint));

/** Symmetric int8 along the last axis (a depthwise kernel's output channels). */
function perLastAxis(data: Float32Array, channels: number): { values: Int8Array; scales: Float32Array } {
  const per = data.length / channels;
  const transposed = new Float32Array(data.length);
  for (let i = 0; i < per; i++) for (let c = 0; c < channels; c++) transposed[c * per + i] = data[i * channels + c];
  const q = quantizePerChannel(transposed, channels);
  const values = new Int8Array(data.length);
  for (let i = 0; i < per; i++) for (let c = 0; c < channels; c++) values[i * channels + c] = q.values[c * per + i];
  return { values, scales: q.scales };
}

/**
 * The full-integer int8 form of a float TFLite model: BatchNorms folded, per-channel symmetric int8
 * kernels, int32 biases, int8 activations with scales from calibrated ranges (`measured`, by tensor
 * name, and the input's range), other constants int8 per tensor. QUANTIZE and DEQUANTIZE at its ends
 * keep the model's input and output float32.
 */
export function quantizeTflite(float: TfliteModel, measured: ReadonlyMap<string, Range>, inputRange: Range): TfliteModel {
  const model: TfliteModel = { ...float, tensors: float.tensors.map((t) => ({ ...t })), buffers: float.buffers.map((b) => b.slice()), operators: float.operators.map((o) => ({ ...o, inputs: [...o.inputs], outputs: [...o.outputs] })) };
  foldBatchNorms(model);
  fuseActivations(model);
  const ranges = activationRanges(model, measured, inputRange);
  const params = new Map<number, Int8Params>();
  for (const [t, r] of ranges) params.set(t, int8Params(r));
  for (const o of model.operators) if (o.op === Op.LOGISTIC || o.op === Op.SOFTMAX) params.set(o.outputs[0], UNIT_INTERVAL);

  const tensors: TfliteTensor[] = model.tensors;
  const buffers = model.buffers;
  const setInt8 = (t: number, values: Int8Array | Int32Array, quantization: TfliteQuantization) => {
    buffers[tensors[t].buffer] = bytesOf(values);
    tensors[t] = { ...tensors[t], type: values instanceof Int8Array ? TensorType.INT8 : TensorType.INT32, quantization };
  };
  const asParams = (p: Int8Params): TfliteQuantization => ({ scale: [p.scale], zeroPoint: [p.zeroPoint] });

  for (const o of model.operators) {
    const inputScale = params.get(o.inputs[0])?.scale ?? 1;
    const weighted = o.op === Op.CONV_2D || o.op === Op.DEPTHWISE_CONV_2D || o.op === Op.FULLY_CONNECTED;
    for (const [slot, t] of o.inputs.entries()) {
      if (t < 0 || tensors[t].buffer === 0 || tensors[t].type !== TensorType.FLOAT32) continue;
      const data = floatsOf(buffers[tensors[t].buffer]);
      if (weighted && slot === 1) {
        const depthwise = o.op === Op.DEPTHWISE_CONV_2D;
        const channels = depthwise ? tensors[t].shape[3] : tensors[t].shape[0];
        const q = depthwise ? perLastAxis(data, channels) : quantizePerChannel(data, channels);
        setInt8(t, q.values, { scale: [...q.scales], zeroPoint: Array(channels).fill(0), dimension: depthwise ? 3 : 0 });
        const bias = o.inputs[2];
        const b = quantizeBias(floatsOf(buffers[tensors[bias].buffer]), inputScale, q.scales);
        setInt8(bias, b.values, { scale: [...b.scales], zeroPoint: Array(channels).fill(0), dimension: 0 });
      } else if (weighted && slot === 2) {
        continue; // written with the kernel
      } else {
        // A PADV2 fill takes its input's quantization (−∞ becomes −128); other constants their own range.
        const p = o.op === Op.PADV2 ? params.get(o.inputs[0])! : int8Params({ min: Math.min(0, ...data.filter(Number.isFinite)), max: Math.max(0, ...data.filter(Number.isFinite)) });
        setInt8(t, Int8Array.from(data, (v) => quantizeValue(Number.isFinite(v) ? v : v < 0 ? -Infinity : Infinity, p)), asParams(p));
      }
    }
  }
  for (const [t, p] of params) tensors[t] = { ...tensors[t], type: TensorType.INT8, quantization: asParams(p) };

  // The float input is quantized on entry, the int8 probabilities dequantized on exit.
  const [input] = model.inputs;
  const [output] = model.outputs;
  const inputInt8 = tensors.length;
  tensors.push({ ...tensors[input], name: `${float.tensors[input].name}_int8` });
  tensors[input] = { ...float.tensors[input] };
  for (const o of model.operators) o.inputs = o.inputs.map((t) => (t === input ? inputInt8 : t));
  const outputFloat = tensors.length;
  tensors.push({ ...float.tensors[output] });
  tensors[output] = { ...tensors[output], name: `${float.tensors[output].name}_int8` };
  const operators: TfliteOperator[] = [
    { op: Op.QUANTIZE, inputs: [input], outputs: [inputInt8] },
    ...model.operators,
    { op: Op.DEQUANTIZE, inputs: [output], outputs: [outputFloat] },
  ];
  // The tensors of folded BatchNorms are used by nothing now: they and their data are dropped.
  const used = [...new Set([...operators.flatMap((o) => [...o.inputs, ...o.outputs]), input, outputFloat])].filter((t) => t >= 0).sort((a, b) => a - b);
  const renumbered = new Map(used.map((t, i) => [t, i]));
  tensors.forEach((t, i) => { if (t.buffer !== 0 && !renumbered.has(i)) buffers[t.buffer] = new Uint8Array(0); });
  const at = (t: number) => (t < 0 ? t : renumbered.get(t)!);
  return {
    ...model,
    tensors: used.map((t) => tensors[t]),
    buffers,
    operators: operators.map((o) => ({ ...o, inputs: o.inputs.map(at), outputs: o.outputs.map(at) })),
    inputs: [at(input)],
    outputs: [at(outputFloat)],
    description: `${float.description} Full-integer int8.`,
  };
}
