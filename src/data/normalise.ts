import { type AugmentSpec, applyAugmentation, drawAugmentation, isNoAugment } from './augment';
import type { Rng } from './random';
import type { PreprocessSpec } from './spec';

const lutCache = new WeakMap<PreprocessSpec, Float32Array>();

/** Per channel, the normalised value of each 8-bit level: `(v / 255 − mean[c]) / std[c]`. */
function lookupTable(spec: PreprocessSpec): Float32Array {
  let lut = lutCache.get(spec);
  if (!lut) {
    lut = new Float32Array(256 * spec.channels);
    for (let c = 0; c < spec.channels; c++) {
      for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - spec.mean[c]) / spec.std[c];
    }
    lutCache.set(spec, lut);
  }
  return lut;
}

/**
 * Turns 8-bit HWC pixels into the network input: values to 0..1, augmentation (when `augment`
 * does something), then `(v − mean[c]) / std[c]`.
 */
export function finishSample(pixels: Uint8Array, spec: PreprocessSpec, augment: AugmentSpec, rng: Rng): Float32Array {
  const c = spec.channels;
  if (isNoAugment(augment)) {
    const lut = lookupTable(spec);
    const out = new Float32Array(pixels.length);
    for (let i = 0; i < pixels.length; i += c) for (let ch = 0; ch < c; ch++) out[i + ch] = lut[ch * 256 + pixels[i + ch]];
    return out;
  }
  let values: Float32Array = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) values[i] = pixels[i] * (1 / 255);
  values = applyAugmentation(values, spec, drawAugmentation(augment, rng));
  for (let ch = 0; ch < c; ch++) {
    const mean = spec.mean[ch];
    const inv = 1 / spec.std[ch];
    for (let i = ch; i < values.length; i += c) values[i] = (values[i] - mean) * inv;
  }
  return values;
}
