// The TF.js export's web page: loads model.json with the loader its `format` asks for, using the stock
// TF.js bundle beside it (tf.min.js, global `tf`); served by any static file server.
import { fetchJson, startPage } from './ui.js';

const tf = globalThis.tf;

/** The model, loaded with the loader its model.json's `format` names. */
async function loadTfjsModel() {
  const { format } = await fetchJson('model.json');
  if (format === 'graph-model') return tf.loadGraphModel('model.json');
  if (format === 'layers-model' || format === undefined) return tf.loadLayersModel('model.json');
  throw new Error(`model.json has format "${format}"; this page loads "layers-model" and "graph-model"`);
}

startPage(async (info) => {
  const model = await loadTfjsModel();
  return {
    probabilities: (values, spec) =>
      tf.tidy(() => {
        const x = tf.tensor4d(values, [1, spec.height, spec.width, spec.channels]);
        const shape = model.inputs[0].shape;
        const channelsFirst = shape.length === 4 && shape[1] === spec.channels && shape[3] !== spec.channels;
        const out = model.predict(channelsFirst ? x.transpose([0, 3, 1, 2]) : x);
        return (info.output === 'logits' ? tf.softmax(out) : out).dataSync();
      }),
    runtime: () => `TF.js ${tf.version.tfjs}, ${tf.getBackend()} backend`,
  };
});
