// The part of the exported web pages that does not depend on the runtime: reads labels.json and
// preprocessing.json, turns a picked or dropped image into the model's input values (H×W×C, as the app
// decodes it) and shows the top-5 classes. `page.js` (TF.js) and `onnx-page.js` (onnxruntime-web) use it.
import { sourceRect, toInputValues, topClasses } from './preprocess.js';

const $ = (id) => document.getElementById(id);

export async function fetchJson(file) {
  const response = await fetch(file);
  if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
  return response.json();
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

function showResults(name, top) {
  $('image-name').textContent = name;
  $('results').replaceChildren(
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

/** Class probabilities from raw scores. */
export function softmax(scores) {
  const max = Math.max(...scores);
  const exps = Array.from(scores, (s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/**
 * Starts the page: `loadModel()` resolves to `{ probabilities(values, spec), runtime }` — the class
 * probabilities of H×W×C input values, and the runtime in words for the status line.
 */
export async function startPage(loadModel) {
  const info = JSON.parse($('model-info').textContent);
  document.title = info.title;
  $('title').textContent = info.title;
  const status = $('status');
  try {
    const [model, labels, spec] = await Promise.all([loadModel(info), fetchJson('labels.json'), fetchJson('preprocessing.json')]);
    $('input-info').textContent = `${labels.length} classes · input ${spec.width}×${spec.height}, ${spec.channels === 1 ? 'grey' : spec.channels === 3 ? 'RGB' : 'RGBA'} · ${spec.resize === 'crop' ? 'centre crop' : 'stretch'}`;
    const classify = async (file) => {
      try {
        status.textContent = `Classifying ${file.name}…`;
        const values = toInputValues(await inputPixels(file, spec), spec);
        showResults(file.name, topClasses(await model.probabilities(values, spec), labels, 5));
        status.textContent = `Ready (${model.runtime()}).`;
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
    status.textContent = `Ready (${model.runtime()}). Pick or drop an image.`;
    document.body.dataset.ready = 'true';
  } catch (error) {
    status.textContent = `Could not load the model: ${error.message}. Serve this folder over HTTP (e.g. python3 -m http.server) and open it from there.`;
    document.body.dataset.ready = 'error';
  }
}
