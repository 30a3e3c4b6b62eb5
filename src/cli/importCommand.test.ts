import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, expect, it, vi } from 'vitest';
import { tinyClassifier } from '../import/testing/tinyOnnx';
import { loadRunModel } from '../infer/runModel';
import { predictImages } from '../infer/evaluateModel';
import { tfjsInference } from '../infer/tfjsInference';
import { createService } from '../service/service';
import { main } from './main';

const root = await mkdtemp(path.join(os.tmpdir(), 'inception-import-cli-'));
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs `inception ARGS` in this process, with what it printed. */
async function inception(args: string[]): Promise<{ code: number; stdout: string }> {
  const printed: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout: printed.join('') };
}

it('inception import: an ONNX file becomes a finished run marked imported, that runs list, predict and export use', async () => {
  const workspace = path.join(root, 'ws');
  const file = path.join(root, 'tiny.onnx');
  const labels = path.join(root, 'labels.txt');
  await writeFile(file, tinyClassifier());
  await writeFile(labels, Array.from({ length: 10 }, (_, i) => `class ${i}`).join('\n'));

  const imported = await inception(['import', file, '--name', 'tiny', '--mean', '0.5,0.5,0.5', '--std', '0.25,0.25,0.25', '--labels', labels, '--workspace', workspace, '--json']);
  expect(imported.code).toBe(0);
  const result = JSON.parse(imported.stdout) as { run: { id: string; imported: unknown; classes: string[] }; trainableParams: number; notes: string[] };
  expect(result.run.imported).toMatchObject({ format: 'onnx', source: file });
  expect(result.run.classes[3]).toBe('class 3');
  expect(result.trainableParams).toBe(4 * 3 * 9 + 4 + 64 * 10 + 10);
  expect(result.notes).toEqual([]);

  const runs = await inception(['runs', '--workspace', workspace]);
  expect(runs.stdout).toMatch(new RegExp(`${result.run.id} .*imported \\(onnx\\)`));

  const image = path.join(root, 'image.png');
  await sharp({ create: { width: 12, height: 10, channels: 3, background: { r: 200, g: 30, b: 90 } } }).png().toFile(image);
  // The service runs predict in a built job process; here the same code runs in this one.
  const [prediction] = await predictImages(tfjsInference(await loadRunModel(path.join(workspace, 'runs', result.run.id), 'cpu')), [image], 3);
  expect(prediction.top).toHaveLength(3);
  expect(prediction.top[0].label).toMatch(/^class \d$/);
  expect(prediction.top.reduce((sum, t) => sum + t.probability, 0)).toBeLessThanOrEqual(1.0001);

  const api = createService({ host: 'browser', workspace, extraRoots: [root] });
  const exported = await api.exportRun(result.run.id, 'graph', path.join(root, 'export'));
  expect(exported.files).toEqual(['graph.json', 'README.md']);
});

it('inception import of an unmapped model fails with the operators and writes no run', async () => {
  const workspace = path.join(root, 'ws2');
  const file = path.join(root, 'text.onnx');
  await writeFile(file, 'not a model');
  await expect(main(['import', file, '--workspace', workspace])).rejects.toThrow(/is not an ONNX model/);
  expect(await readdir(path.join(workspace, 'runs')).catch(() => [])).toEqual([]);
});
