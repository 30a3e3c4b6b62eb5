/** Points of one or more series sharing an x column (x ascending). */
export interface Columns {
  x: readonly number[];
  ys: readonly (readonly (number | null)[])[];
}

/** uPlot's data: one x column, then one y column per series, null where a series has no point. */
export type Aligned = [number[], ...(number | null)[][]];

/**
 * Joins series with different x values on the union of their x values (ascending), as uPlot needs
 * them; a series gets null where it has no point. Equal x values (within 1e-9) are one point.
 * @example align([{ x: [0.5, 1], ys: [[2.1, 1.9]] }, { x: [1], ys: [[1.8]] }]) // [[0.5, 1], [2.1, 1.9], [null, 1.8]]
 */
export function align(groups: readonly Columns[]): Aligned {
  const xs = [...new Set(groups.flatMap((g) => g.x))].sort((a, b) => a - b);
  const merged: number[] = [];
  for (const x of xs) if (merged.length === 0 || x - merged[merged.length - 1] > 1e-9) merged.push(x);
  const columns: (number | null)[][] = [];
  for (const group of groups) {
    const at = new Map<number, number>();
    let j = 0;
    group.x.forEach((x, i) => {
      while (j < merged.length - 1 && merged[j] < x - 1e-9) j++;
      at.set(j, i);
    });
    for (const ys of group.ys) columns.push(merged.map((_, k) => (at.has(k) ? ys[at.get(k)!] ?? null : null)));
  }
  return [merged, ...columns];
}

/** How many non-null values a y column has: the points a chart shows. */
export function pointCount(data: Aligned): number {
  return data.slice(1).reduce((sum, column) => sum + (column as (number | null)[]).filter((v) => v !== null).length, 0);
}
