/** Pearson's correlation of two equally long series; 1 for two constant series that are equal, 0 for one constant. */
export function correlation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`correlation: expected series of one length, found ${a.length} and ${b.length}`);
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    const [da, db] = [a[i] - ma, b[i] - mb];
    ab += da * db;
    aa += da * da;
    bb += db * db;
  }
  if (aa === 0 || bb === 0) return aa === bb && Array.from(a).every((v, i) => v === b[i]) ? 1 : 0;
  return ab / Math.sqrt(aa * bb);
}
