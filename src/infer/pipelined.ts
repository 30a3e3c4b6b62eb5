import type { InferenceModel } from './inferenceModel';

/**
 * The model's probabilities for each batch of a stream, in the stream's order, with up to `depth` batches in
 * the model at once (so that several ONNX Runtime processes each have one). A batch that fails throws when its
 * turn comes; stopping early drops the batches still in flight.
 * @example for await (const { batch, p } of pipelined(model, batches(samples, options), 2)) metrics.add(p, batch.y);
 */
export async function* pipelined<B extends { x: Float32Array; size: number }>(
  model: InferenceModel,
  source: AsyncIterable<B>,
  depth: number,
): AsyncGenerator<{ batch: B; p: Float32Array }> {
  const inFlight: { batch: B; p: Promise<Float32Array> }[] = [];
  for await (const batch of source) {
    const p = model.probabilities(batch.x, batch.size);
    // Awaited in turn below; until then its failure must not count as unhandled.
    p.catch(() => undefined);
    inFlight.push({ batch, p });
    if (inFlight.length >= Math.max(1, depth)) {
      const next = inFlight.shift()!;
      yield { batch: next.batch, p: await next.p };
    }
  }
  for (const next of inFlight.splice(0)) yield { batch: next.batch, p: await next.p };
}
