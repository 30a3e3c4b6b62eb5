// Loads TF.js layers models the way a web page does — `tf.loadLayersModel(url)` over HTTP — with stock
// @tensorflow/tfjs and nothing else, and prints each model's output for the input it is given.
// Usage: node loadWithStockTfjs.mjs jobs.json  (jobs.json: [{ "dir": "...", "input": { "shape": [...], "data": [...] } }])
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const roots = jobs.map((job) => path.resolve(job.dir));

const server = http.createServer(async (request, response) => {
  const [, index, name] = decodeURIComponent(request.url ?? '').split('/');
  try {
    const body = await readFile(path.join(roots[Number(index)], path.basename(name)));
    // No keep-alive: a socket idle while a model predicts may be closed just as the next load reuses it.
    response.writeHead(200, { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream', connection: 'close' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address();

const outputs = [];
for (const [index, job] of jobs.entries()) {
  const model = await tf.loadLayersModel(`http://127.0.0.1:${port}/${index}/model.json`);
  const y = model.predict(tf.tensor(job.input.data, job.input.shape));
  outputs.push({ shape: y.shape, data: Array.from(await y.data()), classes: model.layers.map((l) => l.getClassName()) });
}
server.close();
process.stdout.write(JSON.stringify(outputs));
