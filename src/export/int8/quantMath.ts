/** Int8 weights, one scale per output channel (symmetric: zero point 0). */
export interface ChannelQuantized { values: Int8Array; scales: Float32Array }

/** An activation's uint8 quantization: real = (q − zeroPoint) × scale. */
export interface ActivationParams { scale: number; zeroPoint: number }

/** Smallest scale written: keeps a channel or tensor of zeros from dividing by zero. */
const MIN_SCALE = 1e-8;

/**
 * Symmetric int8 per output channel (axis 0 of an OIHW kernel or an [out, in] Dense weight):
 * scale = max|w| / 127, values in [−127, 127], as onnxruntime's own quantizer writes weights.
 */
export function quantizePerChannel(data: Float32Array, channels: number): ChannelQuantized {
  if (channels <= 0 || data.length % channels !== 0) throw new Error(`expected ${data.length} weights to split into ${channels} channels`);
  const per = data.length / channels;
  const values = new Int8Array(data.length);
  const scales = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let largest = 0;
    for (let i = c * per; i < (c + 1) * per; i++) largest = Math.max(largest, Math.abs(data[i]));
    const scale = Math.max(largest / 127, MIN_SCALE);
    scales[c] = scale;
    for (let i = c * per; i < (c + 1) * per; i++) values[i] = Math.max(-127, Math.min(127, Math.round(data[i] / scale)));
  }
  return { values, scales };
}

/**
 * Asymmetric uint8 over a calibrated range widened to hold 0 (so zero padding and ReLU's floor are exact).
 * @example activationParams(0, 6) // { scale: 6 / 255, zeroPoint: 0 }
 */
export function activationParams(min: number, max: number): ActivationParams {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) throw new Error(`expected a finite range, found [${min}, ${max}]`);
  const low = Math.min(min, 0);
  const high = Math.max(max, 0);
  const scale = Math.max((high - low) / 255, MIN_SCALE);
  return { scale, zeroPoint: Math.max(0, Math.min(255, Math.round(-low / scale))) };
}

/** A bias as int32 with scale inputScale × weightScale[c] per channel (zero point 0), as QLinearConv takes it. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: Float32Array): { values: Int32Array; scales: Float32Array } {
  const scales = Float32Array.from(weightScales, (w) => inputScale * w);
  const values = Int32Array.from(bias, (b, c) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, Math.round(b / scales[c]))));
  return { values, scales };
}
