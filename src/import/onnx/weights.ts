/** An OIHW convolution kernel as TF.js HWIO. */
export function convKernel(w: Float32Array, [out, cin, kh, kw]: number[]): Float32Array {
  const hwio = new Float32Array(w.length);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < cin; i++)
      for (let h = 0; h < kh; h++)
        for (let x = 0; x < kw; x++) hwio[((h * kw + x) * cin + i) * out + o] = w[((o * cin + i) * kh + h) * kw + x];
  return hwio;
}

/**
 * A depthwise kernel [C·m, 1, kh, kw] (output channel c·m + j) as TF.js [kh, kw, C, m]: the same elements as
 * the HWIO kernel [kh, kw, 1, C·m], since c·m + j runs over C·m in that order.
 */
export function depthwiseKernel(w: Float32Array, [out, , kh, kw]: number[]): Float32Array {
  return convKernel(w, [out, 1, kh, kw]);
}

/** A [rows, cols] matrix transposed. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
  return t;
}

