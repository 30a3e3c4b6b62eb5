import { z } from 'zod';

/** Messages to the ONNX Runtime process (structured clone: typed arrays travel as they are). */
export const toOrtProcess = z.discriminatedUnion('type', [
  /** Opens an inference session on a model file; `threads` 0 lets ONNX Runtime choose. */
  z.object({ type: z.literal('open'), id: z.number().int(), model: z.string(), threads: z.number().int().min(0) }),
  /** Runs a batch given as N·H·W·C floats (the decoder's layout); the process turns it into N·C·H·W. */
  z.object({
    type: z.literal('run'),
    id: z.number().int(),
    input: z.instanceof(Float32Array<ArrayBufferLike>),
    shape: z.tuple([z.number().int().min(1), z.number().int().min(1), z.number().int().min(1), z.number().int().min(1)]),
  }),
]);
export type ToOrtProcess = z.infer<typeof toOrtProcess>;

export const fromOrtProcess = z.discriminatedUnion('type', [
  z.object({ type: z.literal('opened'), id: z.number().int(), input: z.string(), output: z.string() }),
  /** N·K class probabilities. */
  z.object({ type: z.literal('output'), id: z.number().int(), output: z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array') }),
  z.object({ type: z.literal('error'), id: z.number().int(), message: z.string() }),
]);
export type FromOrtProcess = z.infer<typeof fromOrtProcess>;

/** N·H·W·C → N·C·H·W. */
export function channelsFirst(input: Float32Array, [n, h, w, c]: readonly [number, number, number, number]): Float32Array {
  if (c === 1) return input.byteOffset === 0 && input.byteLength === input.buffer.byteLength ? input : input.slice();
  const out = new Float32Array(input.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const base = i * plane * c;
    for (let p = 0; p < plane; p++) for (let k = 0; k < c; k++) out[base + k * plane + p] = input[base + p * c + k];
  }
  return out;
}
