// Runs ONNX models in onnxruntime-node and nothing else: no module of Inception Studio is imported,
// so what it proves is what any other program gets from the files.
// Usage: node runOnnx.mjs JOBS.json, where JOBS.json is [{ model, input, shape, out, optimization? }, ...]:
// `input` holds little-endian float32 values of the given N×C×H×W `shape`; the `probabilities`
// output is written to `out` the same way. Prints one JSON line per job: names and output dims, or
// the error when onnxruntime refuses the model or the run. `optimization` is onnxruntime's graphOptimizationLevel
// ('disabled' runs a QDQ graph as written, in float, instead of fusing it into integer kernels).
import { readFileSync, writeFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const sessions = new Map();
for (const job of jobs) {
  try {
    const key = `${job.model} ${job.optimization ?? ''}`;
    if (!sessions.has(key)) sessions.set(key, await ort.InferenceSession.create(job.model, job.optimization ? { graphOptimizationLevel: job.optimization } : {}));
    const session = sessions.get(key);
    const bytes = readFileSync(job.input);
    const data = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    const result = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, job.shape) });
    const output = result[session.outputNames[0]];
    writeFileSync(job.out, Buffer.from(output.data.buffer, output.data.byteOffset, output.data.byteLength));
    console.log(JSON.stringify({ model: job.model, inputNames: session.inputNames, outputNames: session.outputNames, dims: output.dims }));
  } catch (error) {
    console.log(JSON.stringify({ model: job.model, error: String(error.message ?? error) }));
  }
}
