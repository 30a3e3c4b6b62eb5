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

/** A 0..1 fraction as a percentage with one decimal: `0.625` → `62.5 %`; null → `—`. */
export function formatPercent(fraction: number | null | undefined): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '—' : `${(fraction * 100).toFixed(1)} %`;
}

/** Seconds as `m:ss` or `h:mm:ss`: `65` → `1:05`, `7390` → `2:03:10`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** A loss or other small number with four significant decimals: `0.96812` → `0.9681`. */
export function formatLoss(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(4);
}
