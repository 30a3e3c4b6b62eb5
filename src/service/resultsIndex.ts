import type { ResultSort } from '../contract/classification';

/**
 * Where each result row sits in a results file, with its sort keys, in about 16 bytes a row; the
 * rows themselves stay on disk. Row i is the i-th image in walk order, which is path order.
 */
export class ResultsIndex {
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private probabilities = new Float32Array(1024);
  private labels = new Uint16Array(1024);
  private readonly labelIds = new Map<string, number>();
  private readonly labelNames: string[] = [];
  private sorted: { key: string; order: Uint32Array } | null = null;
  count = 0;

  /** Records the next row: its byte range in the file, its top-1 label and probability. */
  add(offset: number, length: number, label: string, probability: number): void {
    if (this.count === this.offsets.length) this.grow();
    let id = this.labelIds.get(label);
    if (id === undefined) {
      id = this.labelNames.length;
      this.labelIds.set(label, id);
      this.labelNames.push(label);
    }
    const i = this.count++;
    this.offsets[i] = offset;
    this.lengths[i] = length;
    this.probabilities[i] = probability;
    this.labels[i] = id;
  }

  /** The byte range of row i. */
  range(i: number): { offset: number; length: number } {
    return { offset: this.offsets[i], length: this.lengths[i] };
  }

  /** Row numbers of a page in the asked order; ties keep path order. */
  page(offset: number, limit: number, sort: ResultSort, descending: boolean): number[] {
    const n = this.count;
    const end = Math.min(n, offset + limit);
    if (sort === 'path') {
      const rows: number[] = [];
      for (let i = offset; i < end; i++) rows.push(descending ? n - 1 - i : i);
      return rows;
    }
    const key = `${sort}:${descending}:${n}`;
    if (this.sorted?.key !== key) this.sorted = { key, order: this.order(sort, descending) };
    return [...this.sorted.order.subarray(offset, end)];
  }

  private order(sort: Exclude<ResultSort, 'path'>, descending: boolean): Uint32Array {
    const order = new Uint32Array(this.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const sign = descending ? -1 : 1;
    if (sort === 'probability') {
      const p = this.probabilities;
      return order.sort((a, b) => sign * (p[a] - p[b]) || a - b);
    }
    const rank = new Uint16Array(this.labelNames.length);
    [...this.labelNames.keys()].sort((a, b) => (this.labelNames[a] < this.labelNames[b] ? -1 : 1)).forEach((id, r) => (rank[id] = r));
    const l = this.labels;
    const p = this.probabilities;
    // Within a class, the most probable first.
    return order.sort((a, b) => sign * (rank[l[a]] - rank[l[b]]) || p[b] - p[a] || a - b);
  }

  private grow(): void {
    const size = this.offsets.length * 2;
    const grown = <T extends Float64Array | Uint32Array | Float32Array | Uint16Array>(old: T, make: (n: number) => T): T => {
      const next = make(size);
      next.set(old);
      return next;
    };
    this.offsets = grown(this.offsets, (n) => new Float64Array(n));
    this.lengths = grown(this.lengths, (n) => new Uint32Array(n));
    this.probabilities = grown(this.probabilities, (n) => new Float32Array(n));
    this.labels = grown(this.labels, (n) => new Uint16Array(n));
  }
}
