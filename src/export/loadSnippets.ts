/** How to load each written format: the text and the runnable snippets of a model card. */

/** The fenced code languages a card's snippets are written in; tests find them by these. */
export const SNIPPET_LANGUAGES = { tfjs: 'js', onnx: 'python', pytorch: 'python' } as const;

/** Stock TF.js in Node (no file system access of its own), top-5 of one image; run as `node predict.mjs <folder> <image>`. */
export function tfjsSnippet(probabilities: boolean): string {
  return `// predict.mjs — node predict.mjs <this folder> <image>   (npm install @tensorflow/tfjs sharp)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import sharp from 'sharp';

const [dir, image] = process.argv.slice(2);
const json = async (file) => JSON.parse(await readFile(path.join(dir, file), 'utf8'));
const [modelJson, labels, spec] = await Promise.all([json('model.json'), json('labels.json'), json('preprocessing.json')]);

// model.json says which loader it needs; in a browser, tf.loadLayersModel('model.json') / tf.loadGraphModel('model.json') fetch it all.
const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
  const shards = await Promise.all(manifest.flatMap((group) => group.paths).map((p) => readFile(path.join(dir, p))));
  const bytes = shards.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
  return [manifest.flatMap((group) => group.weights), tf.io.concatenateArrayBuffers(bytes)];
});
const load = modelJson.format === 'graph-model' ? tf.loadGraphModel : tf.loadLayersModel;
const model = await load(tf.io.fromMemory(artifacts));

// preprocessing.json: resize (centre crop or stretch), grey / RGB / RGBA, then (v / 255 - mean) / std, H×W×C.
let pixels = sharp(image, { autoOrient: true }).resize(spec.width, spec.height, { fit: spec.resize === 'crop' ? 'cover' : 'fill' });
pixels = spec.channels === 1 ? pixels.removeAlpha().toColourspace('b-w')
  : spec.channels === 3 ? pixels.removeAlpha().toColourspace('srgb') : pixels.ensureAlpha().toColourspace('srgb');
const levels = await pixels.raw().toBuffer();
const values = Float32Array.from(levels, (v, i) => (v / 255 - spec.mean[i % spec.channels]) / spec.std[i % spec.channels]);

const output = model.predict(tf.tensor4d(values, [1, spec.height, spec.width, spec.channels]));
const probabilities = ${probabilities ? 'output' : 'tf.softmax(output)'}.dataSync();${probabilities ? '' : '  // the model gives class scores (logits)'}
const top5 = [...probabilities].map((p, i) => [labels[i], p]).sort((a, b) => b[1] - a[1]).slice(0, 5);
for (const [label, p] of top5) console.log(\`\${label}\\t\${p}\`);`;
}

/** Pillow preprocessing shared by the Python snippets: the PyTorch engine's own decoding. */
const PYTHON_PREPROCESS = `spec = json.load(open('preprocessing.json'))
labels = json.load(open('labels.json'))
H, W, C = spec['height'], spec['width'], spec['channels']

image = ImageOps.exif_transpose(Image.open(sys.argv[1])).convert({1: 'L', 3: 'RGB', 4: 'RGBA'}[C])
if spec['resize'] == 'crop':
    image = ImageOps.fit(image, (W, H), Image.BILINEAR, centering=(0.5, 0.5))
else:
    image = image.resize((W, H), Image.BILINEAR)`;

/** ONNX Runtime in Python; run in the export folder as `python3 predict.py image.png`. */
export function onnxSnippet(): string {
  return `# predict.py — python3 predict.py image.png   (pip install onnxruntime numpy pillow), in this folder
import json, sys
import numpy as np
import onnxruntime as ort
from PIL import Image, ImageOps

${PYTHON_PREPROCESS}
x = np.asarray(image, dtype=np.float32).reshape(H, W, C) / 255
x = (x - np.array(spec['mean'], dtype=np.float32)) / np.array(spec['std'], dtype=np.float32)
x = x.transpose(2, 0, 1)[None]  # N×C×H×W

session = ort.InferenceSession('model.onnx')
output = session.get_outputs()[0]
scores = session.run([output.name], {session.get_inputs()[0].name: x})[0][0]
probabilities = scores if output.name == 'probabilities' else np.exp(scores - scores.max()) / np.exp(scores - scores.max()).sum()
for i in np.argsort(-probabilities)[:5]:
    print(f'{labels[i]}\\t{probabilities[i]}')`;
}

/** The generated PyTorch module with its weights; run in the export folder as `python3 predict.py image.png`. */
export function pytorchSnippet(trained: boolean, probabilities: boolean): string {
  return `# predict.py — python3 predict.py image.png   (torch and pillow), in this folder
import json, sys
import torch
from PIL import Image, ImageOps
from net import Net

${PYTHON_PREPROCESS}
x = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8).view(H, W, C).float() / 255
x = ((x - torch.tensor(spec['mean'])) / torch.tensor(spec['std'])).permute(2, 0, 1).unsqueeze(0)  # N×C×H×W

net = Net()
${trained ? "net.load_state_dict(torch.load('weights.pt'))\n" : '# untrained: this export has no weights\n'}net.eval()
with torch.no_grad():
    output = net(x)[0]
probabilities = ${probabilities ? 'output  # Net applies the softmax in eval mode' : 'output.softmax(0)  # Net gives class scores (logits)'}
top = probabilities.topk(min(5, len(labels)))
for p, i in zip(top.values.tolist(), top.indices.tolist()):
    print(f'{labels[i]}\\t{p}')`;
}

const fence = (language: string, code: string) => `\`\`\`${language}\n${code}\n\`\`\``;

/** The TF.js folder: files, the Node snippet and the web page. */
export function tfjsLoadSection(probabilities: boolean): string {
  return `## Load it: TF.js

- \`model.json\` + \`weights.bin\`: the model. Its \`format\` field names the loader: \`layers-model\` → \`tf.loadLayersModel\`, \`graph-model\` → \`tf.loadGraphModel\`.
- \`labels.json\`: class names by output index. \`preprocessing.json\`: how images become the input (above). \`graph.json\`: the design, to open in Inception Studio.

In Node with stock \`@tensorflow/tfjs\` (the image decoded by sharp, as Inception Studio decodes it):

${fence(SNIPPET_LANGUAGES.tfjs, tfjsSnippet(probabilities))}

### The web page

\`index.html\` runs the model in a browser: pick or drop an image and see the top-5 classes. Serve this folder
with any static file server and open it, e.g. \`python3 -m http.server 8000\` here, then http://localhost:8000/.
It needs nothing from the internet: \`tf.min.js\` is the stock TF.js browser bundle, \`page.js\` and
\`preprocess.js\` the page's own code. Opened straight from the disk (\`file://\`) it cannot load the model:
browsers refuse to fetch files there. Images of another size are scaled by the browser, which can differ a
little from sharp's resize; at the input size the page gives the app's probabilities.`;
}

/** What the ONNX twin of the web page is and costs; the runtime sizes are those of onnxruntime-web 1.31.1. */
const ONNX_WEB_PAGE = `### The web page

\`index.html\` runs \`model.onnx\` in a browser with the stock onnxruntime-web (wasm backend, one thread): pick
or drop an image and see the top-5 classes. Serve this folder with any static file server and open it, e.g.
\`python3 -m http.server 8000\` here, then http://localhost:8000/ (opened from the disk, \`file://\`, it cannot
load the model). It needs nothing from the internet: \`ort.wasm.min.mjs\`, \`ort-wasm-simd-threaded.mjs\` and
\`ort-wasm-simd-threaded.wasm\` are onnxruntime-web's wasm-only build, about 14.9 MB together (the .wasm is
14.8 MB of it, the same whatever the model); \`onnx-page.js\`, \`ui.js\` and \`preprocess.js\` are the page's own
code. Deploying elsewhere, those runtime files can be shared by several models or served from a CDN.`;

/** The ONNX folder; `webPage` when the export holds the onnxruntime-web page. */
export function onnxLoadSection(webPage = false): string {
  return `## Load it: ONNX

- \`model.onnx\`: input \`input\`, N×C×H×W float32 preprocessed as above, any batch size; output \`probabilities\`
  (files written through \`torch.onnx.export\` name it \`logits\` when the design ends in Dense: the snippet handles both).
- \`labels.json\`, \`preprocessing.json\`: class names by output index, and the preprocessing (above).

${fence(SNIPPET_LANGUAGES.onnx, onnxSnippet())}${webPage ? `\n\n${ONNX_WEB_PAGE}` : ''}`;
}

/** The PyTorch code folder (what its README said before the card). */
export function pytorchLoadSection(trained: boolean, probabilities: boolean): string {
  return `## Load it: PyTorch

- \`net.py\`: the network, generated from the design (\`Net\`, built from readable \`conv_relu\` and \`inception\` blocks).
${trained ? '- `weights.safetensors`: the trained weights (PyTorch state_dict names); `weights.pt` is the same as a `torch.save`d state_dict.\n' : ''}- \`labels.json\`, \`preprocessing.json\`: class names by output index, and how images were resized and normalised.

${fence(SNIPPET_LANGUAGES.pytorch, pytorchSnippet(trained, probabilities))}`;
}

/** The training bundle folder: what its README said before the card. */
export function bundleLoadSection(dataDir: string): string {
  return `## Train it: the PyTorch bundle

This folder trains the design with PyTorch anywhere: one GPU, several GPUs, or several machines.
It is code only: no trained weights (the PyTorch code export has those); training starts afresh.
It needs Python 3 with torch (1.13 or newer) and Pillow; torchvision is not used.

- \`net.py\`: the network. \`job.json\`: the training options (edit \`config.data.dir\`, now \`${dataDir}\`:
  a folder with one sub-folder per class). \`inception_runner.py\` + \`inception_torch/\`: the runner.
- Events go to stdout and \`metrics.jsonl\`; checkpoints to \`checkpoints/\`; the trained model to
  \`model/\`; metrics and skipped files to \`report.json\` — all in this folder.

### One process (CUDA, else Apple MPS, else all CPU cores)

    python inception_runner.py job.json

### Several GPUs on one machine (DistributedDataParallel, NCCL)

    torchrun --standalone --nproc_per_node 4 inception_runner.py job.json

### Several machines (run on each; rank 0 writes events and checkpoints)

    torchrun --nnodes 2 --nproc_per_node 8 --rdzv_backend c10d --rdzv_endpoint HEAD_HOST:29400 inception_runner.py job.json

\`batchSize\` is per process. CPU-only machines use the gloo backend. On torch 1.13 with Python 3.11,
add \`--redirects 1 --tee 1\` to torchrun (its default stream settings do not parse there).

### Stop and resume

SIGINT/SIGTERM (Ctrl-C) finishes the current batch, writes \`checkpoints/last\` and exits;
\`python inception_runner.py job.json --resume\` (or the same torchrun line with \`--resume\`) continues
at the next step. Options: \`--fp32\` (plain fp32), \`--precision bf16|fp16\`, \`--device cuda:1\`,
\`--workers N\`, \`--max-steps N\`.`;
}

/** The design-only folder. */
export function graphLoadSection(): string {
  return `## Open it

\`graph.json\` is the design as trained: open it in Inception Studio (Open…), or inspect it with
\`npx inception inspect graph.json\`. It holds no weights; export TF.js, ONNX or PyTorch for those.`;
}

/** The TFLite folder: files and a LiteRT.js snippet (float32 in and out, also for the int8 file). */
export function tfliteLoadSection(int8: boolean): string {
  return `## Load it: TFLite

- \`model.tflite\`: input \`input\`, 1×H×W×C float32 (NHWC, batch 1) preprocessed as above; output \`probabilities\` (1×K).
  ${int8 ? 'Weights and activations are int8 (per-channel weights, activation scales calibrated on training images); QUANTIZE and DEQUANTIZE at its ends keep the input and output float32.' : 'Weights and activations are float32.'}
  Any TFLite runtime reads it: LiteRT (Android, iOS, Linux, microcontrollers with the operators it uses), LiteRT.js in a browser.
- \`labels.json\`, \`preprocessing.json\`: class names by output index, and the preprocessing (above).

${fence('js', `import { loadLiteRt, loadAndCompile, Tensor } from '@litertjs/core';
await loadLiteRt('/node_modules/@litertjs/core/wasm/'); // the folder its wasm files are served from
const model = await loadAndCompile('model.tflite', { accelerator: 'wasm' });
const [h, w, c] = [...model.getInputDetails()[0].shape].slice(1);
const input = new Tensor(new Float32Array(h * w * c), [1, h, w, c]); // fill with the preprocessed image, NHWC
const [output] = await model.run(input);
const probabilities = output.toTypedArray();`)}`;
}
