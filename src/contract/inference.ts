import { z } from 'zod';

/** The runtimes predict, evaluate and folder classification run on: our ONNX export in onnxruntime-node, or the TF.js model. */
export const inferenceRuntimeSchema = z.enum(['onnx', 'tfjs']);
export type InferenceRuntime = z.infer<typeof inferenceRuntimeSchema>;

/** What a caller asks for: `auto` measures (once per machine and design size) and takes the faster. */
export const runtimeRequestSchema = z.enum(['auto', 'onnx', 'tfjs']);
export type RuntimeRequest = z.infer<typeof runtimeRequestSchema>;

/** How a job should pick its runtime: the request, and where measurements are kept (null: measure every time). */
export const inferenceOptionsSchema = z.object({ runtime: runtimeRequestSchema, cacheFile: z.string().nullable() });
export type InferenceOptions = z.infer<typeof inferenceOptionsSchema>;

/** One runtime's measured speed on the design: images/s over interleaved rounds (median), or why it could not run. */
export const runtimeSpeedSchema = z.object({
  runtime: inferenceRuntimeSchema,
  /** "ONNX Runtime (onnxruntime-node)", "TF.js wasm". */
  title: z.string(),
  imagesPerSecond: z.number().nullable(),
  /** Images/s of each round, in order. */
  rounds: z.array(z.number()),
  error: z.string().optional(),
});
export type RuntimeSpeed = z.infer<typeof runtimeSpeedSchema>;

/** The runtime a job used and why, with what was measured (empty when forced). */
export const inferenceChoiceSchema = z.object({
  runtime: inferenceRuntimeSchema,
  title: z.string(),
  reason: z.string(),
  measured: z.array(runtimeSpeedSchema),
  /** True when the measurement came from the cache. */
  cached: z.boolean(),
  measuredAt: z.number().nullable(),
});
export type InferenceChoice = z.infer<typeof inferenceChoiceSchema>;
