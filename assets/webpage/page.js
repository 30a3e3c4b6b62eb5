// The exported model's web page: loads model.json (with the loader its `format` asks for), labels.json
// and preprocessing.json from this folder, then shows the top-5 classes of a picked or dropped image.
// Uses the stock TF.js bundle beside it (tf.min.js, global `tf`); served by any static file server.
import { sourceRect, toInputValues, topClasses } from './preprocess.js';

const tf = globalThis.tf;
const info = JSON.parse(document.getElementById('model-info').textContent);
const $ = (id) => document.getElementById(id);

async function fetchJson(file) {
  const response = await fetch(file);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response.json();
}

/** The model, loaded with the loader its model.json's `format` names. */
async function loadModel() {
  const { format } = await fetchJson('model.json');
  if (format === 'graph-model') return tf.loadGraphModel('model.json');
  if (format === 'layers-model' || format === undefined) return tf.loadLayersModel('model.json');
  throw new Error(`model.json has format "${format}"; this page loads "layers-model" and "graph-model"`);
}

/** RGBA bytes of the image scaled into the input's H×W (centre crop or stretch, as preprocessing.json says). */
async function inputPixels(file, spec) {
  const bitmap = await createImageBitmap(file);
  const canvas = $('seen');
  canvas.width = spec.width;
  canvas.height = spec.height;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.imageSmoothingQuality = 'high';
  const r = sourceRect(bitmap.width, bitmap.height, spec);
  context.drawImage(bitmap, r.x, r.y, r.width, r.height, 0, 0, spec.width, spec.height);
  bitmap.close();
  return context.getImageData(0, 0, spec.width, spec.height).data;
}

function probabilitiesOf(model, values, spec) {
  return tf.tidy(() => {
    const x = tf.tensor4d(values, [1, spec.height, spec.width, spec.channels]);
    const shape = model.inputs[0].shape;
    const channelsFirst = shape.length === 4 && shape[1] === spec.channels && shape[3] !== spec.channels;
    const out = model.predict(channelsFirst ? x.transpose([0, 3, 1, 2]) : x);
    return (info.output === 'logits' ? tf.softmax(out) : out).dataSync();
  });
}

function showResults(name, top) {
  $('image-name').textContent = name;
  const list = $('results');
  list.replaceChildren(
    ...top.map(({ label, probability }, rank) => {
      const row = document.createElement('li');
      row.dataset.rank = String(rank + 1);
      row.dataset.label = label;
      row.dataset.probability = String(probability);
      const bar = document.createElement('span');
      bar.className = 'bar';
      bar.style.width = `${(probability * 100).toFixed(1)}%`;
      const text = document.createElement('span');
      text.className = 'text';
      text.textContent = `${label} — ${(probability * 100).toFixed(2)} %`;
      row.append(bar, text);
      return row;
    }),
  );
}

async function main() {
  document.title = info.title;
  $('title').textContent = info.title;
  const status = $('status');
  try {
    const [model, labels, spec] = await Promise.all([loadModel(), fetchJson('labels.json'), fetchJson('preprocessing.json')]);
    $('input-info').textContent = `${labels.length} classes · input ${spec.width}×${spec.height}, ${spec.channels === 1 ? 'grey' : spec.channels === 3 ? 'RGB' : 'RGBA'} · ${spec.resize === 'crop' ? 'centre crop' : 'stretch'}`;
    const classify = async (file) => {
      try {
        status.textContent = `Classifying ${file.name}…`;
        const values = toInputValues(await inputPixels(file, spec), spec);
        showResults(file.name, topClasses(probabilitiesOf(model, values, spec), labels, 5));
        status.textContent = `Ready (TF.js ${tf.version.tfjs}, ${tf.getBackend()} backend).`;
      } catch (error) {
        status.textContent = `Could not read ${file.name}: ${error.message}`;
      }
    };
    $('file').addEventListener('change', (event) => event.target.files[0] && classify(event.target.files[0]));
    const drop = $('drop');
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      const file = [...(event.dataTransfer?.files ?? [])].find((f) => f.type.startsWith('image/')) ?? event.dataTransfer?.files[0];
      if (file) classify(file);
    });
    status.textContent = `Ready (TF.js ${tf.version.tfjs}, ${tf.getBackend()} backend). Pick or drop an image.`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    status.textContent = `Could not load the model: ${error.message}. Serve this folder over HTTP (e.g. python3 -m http.server) and open it from there.`;
    document.body.dataset.ready = 'error';
  }
}

main();
