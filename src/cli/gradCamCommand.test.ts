import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeTfjsRun } from '../export/testing/fakeRun';
import { EXPORT_TEST_DESIGN } from '../export/testing/designs';
import { correlation } from '../infer/correlation';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from '../torch/detect';

const torch = await detectTorch();
const BIN = fileURLToPath(new URL('../../bin/inception.mjs', import.meta.url));
const RUN = '20260101-120000-small-cnn';

function inception(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { maxBuffer: 16 << 20, timeout: 240_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }));
  });
}

let root = '';
let image = '';
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'inception-gradcam-'));
  const runDir = path.join(root, 'runs', RUN);
  await mkdir(path.join(runDir, 'model'), { recursive: true });
  await fakeTfjsRun(EXPORT_TEST_DESIGN(), runDir);
  await writeFile(path.join(runDir, 'model', 'labels.json'), JSON.stringify(Array.from({ length: 10 }, (_, i) => `class${i}`)));
  await writeFile(path.join(runDir, 'model', 'preprocessing.json'), JSON.stringify({ height: 28, width: 28, channels: 1, resize: 'stretch', mean: [0.5], std: [0.25] }));
  // A bright disc off centre on a dark ground.
  const pixels = Buffer.alloc(40 * 40);
  for (let y = 0; y < 40; y++) for (let x = 0; x < 40; x++) pixels[y * 40 + x] = (y - 12) ** 2 + (x - 26) ** 2 < 64 ? 230 : 20;
  image = path.join(root, 'disc.png');
  await sharp(pixels, { raw: { width: 40, height: 40, channels: 1 } }).png().toFile(image);
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('inception gradcam', () => {
  it('writes the map over the image as a PNG, and says which class, node and engine', async () => {
    const heat = path.join(root, 'heat.png');
    const { code, stdout, stderr } = await inception(['gradcam', RUN, image, '--out', heat, '--workspace', root]);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/predicted class\d .* at pool2 \(7×7\), tfjs: wrote .*heat\.png/);
    const meta = await sharp(await readFile(heat)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 280, 280]);
  }, 240_000);

  it('refuses a node without a feature map and a class the run does not know, saying which would do', async () => {
    const node = await inception(['gradcam', RUN, image, '--out', path.join(root, 'x.png'), '--node', 'fc', '--workspace', root]);
    expect(node.code).toBe(2);
    expect(node.stderr).toMatch(/Grad-CAM node fc: expected a C×H×W output, found 10; nodes with a feature map: conv1, pool1, conv2, pool2/);
    const label = await inception(['gradcam', RUN, image, '--out', path.join(root, 'x.png'), '--class', 'cat', '--workspace', root]);
    expect(label.stderr).toMatch(/Grad-CAM class: expected one of class0, class1, .*found "cat"/);
  }, 240_000);

  it.runIf(needs(torchInstalled(torch)))('gives the same map from the PyTorch engine, for a chosen class and node', async () => {
    const maps = [];
    for (const engine of ['tfjs', 'torch']) {
      const { code, stdout, stderr } = await inception(['gradcam', RUN, image, '--out', path.join(root, `${engine}.png`), '--engine', engine, '--class', 'class3', '--node', 'conv2', '--json', '--workspace', root]);
      expect(code, stderr).toBe(0);
      const result = JSON.parse(stdout) as { engine: string; label: string; node: string; map: number[]; height: number };
      expect([result.engine, result.label, result.node, result.height]).toEqual([engine, 'class3', 'conv2', 14]);
      maps.push(result.map);
    }
    expect(correlation(maps[0], maps[1])).toBeGreaterThanOrEqual(0.99);
  }, 240_000);
});

describe('inception features', () => {
  it('writes a node\'s feature maps as a grid PNG; --json gives the channels by mean, the range and the nodes', async () => {
    const grid = path.join(root, 'grid.png');
    const text = await inception(['features', RUN, image, '--out', grid, '--workspace', root]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^pool2: \d+ channels of 7×7, values .* to .*: wrote .*grid\.png/);
    const { code, stdout, stderr } = await inception(['features', RUN, image, '--out', grid, '--node', 'conv1', '--limit', '4', '--json', '--workspace', root]);
    expect(code, stderr).toBe(0);
    const result = JSON.parse(stdout) as { node: string; nodes: string[]; height: number; channels: { mean: number }[]; columns: number; tile: number; min: number; max: number; grid?: string };
    expect(result.grid).toBeUndefined();
    expect([result.node, result.height, result.channels.length]).toEqual(['conv1', 28, 4]);
    expect(result.nodes).toEqual(['conv1', 'pool1', 'conv2', 'pool2']);
    const means = result.channels.map((c) => c.mean);
    expect(means).toEqual([...means].sort((a, b) => b - a));
    expect(result.min).toBeLessThanOrEqual(result.max);
    const meta = await sharp(await readFile(grid)).metadata();
    // Tiles 2 px apart.
    expect([meta.format, meta.width]).toEqual(['png', result.columns * result.tile + (result.columns - 1) * 2]);
    const refused = await inception(['features', RUN, image, '--out', grid, '--node', 'fc', '--workspace', root]);
    expect(refused.code).toBe(2);
  }, 240_000);
});
