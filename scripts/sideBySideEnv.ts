/**
 * The environment of test files that run side by side (Vitest's `unit` project beside Playwright on the 2-core CI
 * machine, docs/ci.md):
 * - one thread for each engine process (PyTorch, onnxruntime, TF.js wasm): spare threads only wait for a core
 *   (6 % less CPU for three training files at once, 2026-12-06);
 * - PyTorch's fp32/bf16 measurement, made by the first run on `auto` that finds no cached choice, short and on
 *   small-cnn, as precisionChoice.test.ts sets it: on a busy machine every reading stays provisional and is made
 *   again, and at its defaults (googlenet-96, up to 60 s) that cost minutes of CPU a CI run. The choice's rules
 *   are tested in precisionChoice.test.ts, which runs alone with the defaults;
 * - one round per engine where "Automatic" measures the engines (two in use): the interleaving is tested in
 *   engineChoice.test.ts, alone; elsewhere a choice is all that is needed.
 */
const DEFAULTS: Record<string, string> = {
  OMP_NUM_THREADS: '1',
  INCEPTION_PRECISION_NET: 'small-cnn',
  INCEPTION_PRECISION_BATCH: '256',
  INCEPTION_PRECISION_BUDGET_S: '6',
  INCEPTION_ENGINE_PROBE_ROUNDS: '1',
};

/** The defaults above, each replaced by the variable's own value where it is already set. */
export function sideBySideEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(DEFAULTS).map(([name, value]) => [name, process.env[name] ?? value]));
}
