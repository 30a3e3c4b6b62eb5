// How the exported page turns an image into the network's input, exactly as Inception Studio does it
// (src/data: sharp/libvips): a centre crop or stretch to H×W, then grey, RGB or RGBA, then per channel
// (v / 255 − mean) / std, laid out H×W×C. Pure functions, no DOM: tested in Node against the app.

// libvips computes in single precision; Math.fround reproduces each of its float roundings.
const f32 = Math.fround;

/** sRGB byte → linear light, libvips' 256-entry table (standard sRGB curve). */
const LINEAR = Float32Array.from({ length: 256 }, (_, i) => {
  const f = f32(i / 255);
  return f <= 0.04045 ? f / 12.92 : Math.pow((f + 0.055) / 1.055, 2.4);
});

/** Linear light → sRGB level, libvips' table: 256 points rounded to integers, the last repeated. */
const ENCODED = Int32Array.from({ length: 257 }, (_, index) => {
  const f = f32(Math.min(index, 255) / 255);
  const v = f32(f <= 0.0031308 ? 12.92 * f : 1.055 * Math.pow(f, 1 / 2.4) - 0.055);
  return Math.round(f32(255 * v));
});

/**
 * The grey level libvips (sharp's `toColourspace('b-w')`) gives an sRGB pixel: Rec. 709 luminance in
 * linear light, encoded back to sRGB by interpolating its table, rounded.
 */
export function greyLevel(r, g, b) {
  const y = f32(0.2126 * LINEAR[r] + 0.7152 * LINEAR[g] + 0.0722 * LINEAR[b]);
  const at = Math.min(Math.max(f32(y * 255), 0), 255);
  const i = Math.trunc(at);
  const v = f32(ENCODED[i] + f32((ENCODED[i + 1] - ENCODED[i]) * f32(at - i)));
  return Math.round(v);
}

/**
 * The part of an image drawn into the H×W input: all of it for `stretch`; for `crop`, the centred
 * window with the input's aspect ratio (sharp's `fit: 'cover', position: 'centre'`).
 */
export function sourceRect(imageWidth, imageHeight, spec) {
  if (spec.resize === 'stretch') return { x: 0, y: 0, width: imageWidth, height: imageHeight };
  const scale = Math.max(spec.width / imageWidth, spec.height / imageHeight);
  const width = spec.width / scale;
  const height = spec.height / scale;
  return { x: (imageWidth - width) / 2, y: (imageHeight - height) / 2, width, height };
}

/**
 * RGBA bytes of an image already at the spec's width × height (a canvas' ImageData) → the network's
 * input values, H×W×C float32, normalised with the spec's mean and std.
 */
export function toInputValues(rgba, spec) {
  const { width, height, channels, mean, std } = spec;
  const out = new Float32Array(width * height * channels);
  for (let p = 0; p < width * height; p++) {
    const r = rgba[4 * p];
    const g = rgba[4 * p + 1];
    const b = rgba[4 * p + 2];
    const levels = channels === 1 ? [greyLevel(r, g, b)] : channels === 3 ? [r, g, b] : [r, g, b, rgba[4 * p + 3]];
    for (let c = 0; c < channels; c++) out[p * channels + c] = (levels[c] / 255 - mean[c]) / std[c];
  }
  return out;
}

/** The k most probable classes, most probable first. */
export function topClasses(probabilities, labels, k = 5) {
  return Array.from(probabilities, (probability, index) => ({ label: labels[index] ?? `class ${index}`, probability }))
    .sort((a, b) => b.probability - a.probability)
    .slice(0, k);
}
