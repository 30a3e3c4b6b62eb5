/** `5998362` → `5,998,362`, the same in every locale so tests and screenshots agree. */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

const SCALES = [
  { at: 1e12, unit: 'T' },
  { at: 1e9, unit: 'G' },
  { at: 1e6, unit: 'M' },
  { at: 1e3, unit: 'K' },
] as const;

/** Short form with one decimal and an SI prefix: `229000000` → `229.0 M`, `512` → `512`. */
export function formatScaled(n: number): string {
  const scale = SCALES.find((s) => Math.abs(n) >= s.at);
  return scale ? `${(n / scale.at).toFixed(1)} ${scale.unit}` : String(Math.round(n));
}

/** Multiply-accumulates per image: `229.0 M MACs`. */
export function formatMacs(macs: number): string {
  return `${formatScaled(macs)} MACs`;
}

/** Weights stored as 32-bit floats, in MB (2^20 bytes, as PyTorch summaries count): `22.9 MB`. */
export function formatMegabytes(parameters: number): string {
  const mb = (parameters * 4) / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(2) : mb.toFixed(1)} MB`;
}
