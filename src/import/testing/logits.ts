/**
 * Per row of an N×K output, the logits minus their mean: class scores up to the shift that softmax ignores, so
 * a model ending in logits and one ending in probabilities compare (`fromProbabilities`: take the log first).
 */
export function centredLogits(values: ArrayLike<number>, rows: number, fromProbabilities: boolean): Float64Array {
  const k = values.length / rows;
  const out = Float64Array.from(values, (v) => (fromProbabilities ? Math.log(v) : v));
  for (let r = 0; r < rows; r++) {
    const row = out.subarray(r * k, (r + 1) * k);
    const mean = row.reduce((a, v) => a + v, 0) / k;
    row.forEach((v, i) => (row[i] = v - mean));
  }
  return out;
}
