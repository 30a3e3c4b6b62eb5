/**
 * The one order of class names, in both engines (the PyTorch runner's `natural_key` in
 * `assets/python/inception_torch/folders.py` is the same rule): runs of ASCII digits compare by
 * value (`2` before `10`; `007` after `7` when all else is equal), everything else by code point;
 * names equal under that rule fall back to plain code-point order, so the order is total.
 * @example ['10', '2', 'b', 'a1'].sort(naturalCompare) // ['2', '10', 'a1', 'b']
 */
export function naturalCompare(a: string, b: string): number {
  const x = a.split(/([0-9]+)/);
  const y = b.split(/([0-9]+)/);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const order = i % 2 ? compareDigits(x[i], y[i]) : compareCodePoints(x[i], y[i]);
    if (order) return order;
  }
  return x.length - y.length || compareCodePoints(a, b);
}

/** By value, then fewer leading zeros first; any length (no overflow). */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  return x.length - y.length || compareCodePoints(x, y) || a.length - b.length;
}

/** Python's string order (code points), which differs from `<` on UTF-16 beyond the BMP. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const x = Array.from(a);
  const y = Array.from(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d) return d;
  }
  return x.length - y.length;
}
