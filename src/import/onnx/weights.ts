/** An OIHW convolution kernel as TF.js HWIO. */
export function convKernel(w: Float32Array, [out, cin, kh, kw]: number[]): Float32Array {
  const hwio = new Float32Array(w.length);
  for (let o = 0; o < out; o++)
    for (let i = 0; i < cin; i++)
      for (let h = 0; h < kh; h++)
        for (let x = 0; x < kw; x++) hwio[((h * kw + x) * cin + i) * out + o] = w[((o * cin + i) * kh + h) * kw + x];
  return hwio;
}

/** A [rows, cols] matrix transposed. */
export function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const t = new Float32Array(m.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) t[c * rows + r] = m[r * cols + c];
  return t;
}

