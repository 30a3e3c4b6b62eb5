const DEVICE_NAMES: Record<string, string> = {
  cpu: 'CPU',
  mps: 'Apple GPU',
  cuda: 'CUDA GPU',
  wasm: 'WebAssembly',
  tensorflow: 'TensorFlow',
  'tensorflow-gpu': 'TensorFlow GPU',
};

/**
 * A run's backend in a few words, for places with little room; the full string (as the engine's start
 * event said it) belongs in a tooltip.
 * @example shortBackend('cuda (NVIDIA H200): bf16, channels_last') // 'CUDA GPU · bf16'
 */
export function shortBackend(backend: string): string {
  const colon = backend.indexOf(': ');
  const head = (colon < 0 ? backend : backend.slice(0, colon)).trim();
  const device = head.replace(/[\s:(].*$/, '');
  const precision = colon < 0 ? null : backend.slice(colon + 2).split(',')[0].trim().match(/^(fp32|bf16|fp16)\b/)?.[1] ?? null;
  const name = DEVICE_NAMES[device] ?? head;
  return precision ? `${name} · ${precision}` : name;
}
