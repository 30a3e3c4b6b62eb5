// The ONNX export's web page: runs model.onnx with the stock onnxruntime-web (wasm backend, one thread)
// copied beside it (ort.wasm.min.mjs, ort-wasm-simd-threaded.mjs and .wasm); served by any static file server.
import * as ort from './ort.wasm.min.mjs';
import { softmax, startPage } from './ui.js';

// Several threads need a cross-origin-isolated page, which a plain static server does not give.
ort.env.wasm.numThreads = 1;

/** H×W×C values as the model's N×C×H×W input. */
function channelsFirst(values, spec) {
  const { height, width, channels } = spec;
  const out = new Float32Array(values.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) out[(c * height + y) * width + x] = values[(y * width + x) * channels + c];
  return out;
}

startPage(async () => {
  const session = await ort.InferenceSession.create('model.onnx', { executionProviders: ['wasm'] });
  const [inputName] = session.inputNames;
  const [outputName] = session.outputNames;
  return {
    probabilities: async (values, spec) => {
      const input = new ort.Tensor('float32', channelsFirst(values, spec), [1, spec.channels, spec.height, spec.width]);
      const scores = (await session.run({ [inputName]: input }))[outputName].data;
      // Our writer's output is `probabilities`; files written through torch.onnx.export end in `logits`.
      return outputName === 'logits' ? softmax(scores) : Array.from(scores);
    },
    runtime: () => `onnxruntime-web ${ort.env.versions.web}, wasm backend`,
  };
});
