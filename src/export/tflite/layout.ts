import type { LayoutTensor } from '../onnx/weights';

/** A C×H×W (or flat F) shape without batch as TFLite's batch-1 NHWC ([1, H, W, C]) or [1, F]. */
export function nhwcShape(shape: readonly number[]): number[] {
  return shape.length === 3 ? [1, shape[1], shape[2], shape[0]] : [1, ...shape];
}

/** PyTorch's O×I×H×W convolution kernel as TFLite's O×H×W×I. */
export function ohwiKernel(t: LayoutTensor): { shape: number[]; data: Float32Array } {
  const [o, i, h, w] = t.shape;
  const data = new Float32Array(t.data.length);
  for (let a = 0; a < o; a++) for (let b = 0; b < i; b++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
    data[((a * h + y) * w + x) * i + b] = t.data[((a * i + b) * h + y) * w + x];
  }
  return { shape: [o, h, w, i], data };
}

/** PyTorch's depthwise kernel (C·m)×1×H×W as TFLite's 1×H×W×(C·m); output channel c·m + j stays in place. */
export function depthwiseKernel(t: LayoutTensor): { shape: number[]; data: Float32Array } {
  const [o, , h, w] = t.shape;
  const data = new Float32Array(t.data.length);
  for (let a = 0; a < o; a++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[(y * w + x) * o + a] = t.data[(a * h + y) * w + x];
  return { shape: [1, h, w, o], data };
}

/** Output channels [from, to) of an O×H×W×I kernel. */
export function outputChannels(k: { shape: number[]; data: Float32Array }, from: number, to: number): { shape: number[]; data: Float32Array } {
  const per = k.data.length / k.shape[0];
  return { shape: [to - from, ...k.shape.slice(1)], data: k.data.slice(from * per, to * per) };
}
