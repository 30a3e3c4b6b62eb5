import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { test as base, expect, type Page } from '@playwright/test';
import { serveWithDataRoot, SHOTS } from './fixtures';

/** Debian's Python, the one with torch and torchvision (the `python3` on PATH may have neither). */
const PYTHON = '/usr/bin/python3';
const CACHE = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'inception-studio', 'import-onnx');
const MODELS = ['densenet121', 'resnet18'];
const haveTorch = existsSync(PYTHON);
if (!haveTorch && process.env.CI) throw new Error(`CI is set but ${PYTHON} (with torch and torchvision) is missing: run \`npm run test:setup\``);

/**
 * A host allowed a folder with torchvision's densenet121 and resnet18 exported to ONNX at 64×64 with random
 * weights, BatchNorm folded where it follows a convolution (src/import/testing/torchvisionOnnx.py, cached).
 */
const test = base.extend<object, { host: { url: string; dataRoot: string } }>({
  host: [
    async ({}, use) => {
      await serveWithDataRoot(async (dataRoot) => {
        if (!haveTorch) return {};
        await promisify(execFile)(PYTHON, ['src/import/testing/torchvisionOnnx.py', '--size', '64', '--modes', 'eval', CACHE, ...MODELS], { timeout: 600_000 });
        await mkdir(path.join(dataRoot, 'models'));
        for (const name of MODELS) await copyFile(path.join(CACHE, `${name}-64-eval.onnx`), path.join(dataRoot, 'models', `${name}.onnx`));
        return {};
      }, use);
    },
    { scope: 'worker', timeout: 660_000 },
  ],
});

/** File ▸ Import… of a model in the host's models folder, with the dialog's defaults. */
async function importModel(page: Page, dataRoot: string, file: string) {
  await page.getByTestId('file-import').click();
  const dialog = page.getByTestId('import-dialog');
  await dialog.getByTestId('import-browse').click();
  const browser = page.getByTestId('folder-browser');
  for (const name of [path.basename(dataRoot), 'models']) await browser.getByTestId(`folder-entry-${name}`).click();
  await browser.getByTestId(`model-entry-${file}`).click();
  await dialog.getByTestId('import-confirm').click();
  await expect(dialog).toHaveCount(0, { timeout: 180_000 });
}

interface Drawn {
  nodes: { id: string; x: number; y: number; width: number; height: number }[];
  edges: { id: string; source: string; target: string; d: string }[];
}

/** The canvas as drawn, in flow coordinates: each node's box, and each edge's SVG path. */
function drawn(page: Page): Promise<Drawn> {
  return page.evaluate(() => {
    const nodes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => {
      const m = new DOMMatrix(getComputedStyle(el).transform);
      return { id: el.dataset.id!, x: m.e, y: m.f, width: el.offsetWidth, height: el.offsetHeight };
    });
    const ids = new Set(nodes.map((n) => n.id));
    const edges = [...document.querySelectorAll<SVGGElement>('.react-flow__edge')].map((g) => {
      const id = g.getAttribute('data-testid')!.replace(/^rf__edge-/, '');
      // Edge ids are SOURCE__TARGET__SLOT; node ids may hold "__" themselves, so split where both halves are ids.
      const pair = id.replace(/__\d+$/, '');
      let source = '';
      let target = '';
      for (let at = pair.indexOf('__'); at >= 0; at = pair.indexOf('__', at + 1)) {
        if (ids.has(pair.slice(0, at)) && ids.has(pair.slice(at + 2))) [source, target] = [pair.slice(0, at), pair.slice(at + 2)];
      }
      return { id, source, target, d: g.querySelector('path.react-flow__edge-path')!.getAttribute('d')! };
    });
    return { nodes, edges };
  });
}

type P = { x: number; y: number };

/** Points every few pixels along an SVG path made of M, L, Q and C commands (what React Flow's edges and ours draw). */
function pathPoints(d: string): P[] {
  const tokens = d.match(/[MLQC]|-?\d*\.?\d+(?:e[-+]?\d+)?/gi)!;
  const points: P[] = [];
  let at: P = { x: 0, y: 0 };
  const line = (to: P) => {
    const steps = Math.max(1, Math.ceil(Math.hypot(to.x - at.x, to.y - at.y) / 3));
    for (let i = 1; i <= steps; i++) points.push({ x: at.x + ((to.x - at.x) * i) / steps, y: at.y + ((to.y - at.y) * i) / steps });
    at = to;
  };
  for (let i = 0; i < tokens.length;) {
    const command = tokens[i++].toUpperCase();
    const read = (): P => ({ x: Number(tokens[i++]), y: Number(tokens[i++]) });
    if (command === 'M') {
      at = read();
      points.push(at);
    } else if (command === 'L') {
      line(read());
    } else if (command === 'Q' || command === 'C') {
      const controls = command === 'Q' ? [read(), read()] : [read(), read(), read()];
      const start = at;
      const curve = [start, ...controls];
      for (let k = 1; k <= 24; k++) {
        const t = k / 24;
        let level = curve;
        while (level.length > 1) level = level.slice(1).map((p, j) => ({ x: level[j].x + (p.x - level[j].x) * t, y: level[j].y + (p.y - level[j].y) * t }));
        line(level[0]);
      }
    } else {
      throw new Error(`expected an M, L, Q or C command in the edge path, found "${command}" in ${d}`);
    }
  }
  return points;
}

/** Pairs of node boxes that intersect, and edges whose path enters a box other than its two ends (1 px inside). */
function faults({ nodes, edges }: Drawn): string[] {
  const found: string[] = [];
  const sorted = [...nodes].sort((a, b) => a.y - b.y);
  for (const [i, a] of sorted.entries()) {
    for (let j = i + 1; j < sorted.length && sorted[j].y < a.y + a.height; j++) {
      const b = sorted[j];
      if (a.x < b.x + b.width && b.x < a.x + a.width) found.push(`${a.id} overlaps ${b.id}`);
    }
  }
  // Nodes by 50 px band of height, so each point looks at the few boxes beside it.
  const bands = new Map<number, Drawn['nodes']>();
  for (const n of nodes) {
    for (let b = Math.floor(n.y / 50); b <= Math.floor((n.y + n.height) / 50); b++) bands.set(b, [...(bands.get(b) ?? []), n]);
  }
  for (const edge of edges) {
    if (!edge.source || !edge.target) found.push(`edge ${edge.id} joins no two drawn nodes`);
    for (const p of pathPoints(edge.d)) {
      const inside = (bands.get(Math.floor(p.y / 50)) ?? []).find((n) => n.id !== edge.source && n.id !== edge.target
        && p.x > n.x + 1 && p.x < n.x + n.width - 1 && p.y > n.y + 1 && p.y < n.y + n.height - 1);
      if (inside) {
        found.push(`edge ${edge.id} runs through ${inside.id}`);
        break;
      }
    }
  }
  return found;
}

/** Waits until the canvas shows every edge on its routed path, clear of the other boxes. */
async function expectClearLayout(page: Page) {
  let found: string[] = [];
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await page.waitForTimeout(1000)) {
    found = faults(await drawn(page));
    if (found.length === 0) return;
  }
  expect(found.slice(0, 20), `${found.length} faults`).toEqual([]);
}

test('an imported DenseNet is laid out with no overlaps and every edge clear of other nodes, also after Auto-layout (in a worker)', async ({ page, host }) => {
  test.skip(!haveTorch, `needs ${PYTHON} with torch and torchvision`);
  test.setTimeout(600_000);
  const workers: string[] = [];
  page.on('worker', (worker) => workers.push(worker.url()));
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await importModel(page, host.dataRoot, 'densenet121.onnx');
  await expect(page.getByTestId('node-features_denseblock1_denselayer1_conv1')).toBeVisible();
  await expectClearLayout(page);
  expect(workers.some((url) => url.includes('layout.worker'))).toBe(true);
  await page.screenshot({ path: `${SHOTS}/layout-densenet-1440.png` });

  // Auto-layout runs in the worker and leaves the layout as clean; the page answers meanwhile.
  const before = workers.length;
  await page.getByTestId('layout-button').click();
  await expect(page.getByTestId('layout-button')).toBeEnabled({ timeout: 60_000 });
  expect(await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done(true))))).toBe(true);
  expect(workers.length).toBe(before);
  await expectClearLayout(page);

  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('fit-button').click();
  await page.waitForTimeout(600);
  await expectClearLayout(page);
  await page.screenshot({ path: `${SHOTS}/layout-densenet-1280.png` });
});

test('an imported ResNet shows its nodes by module name and its skip connections beside the column', async ({ page, host }) => {
  test.skip(!haveTorch, `needs ${PYTHON} with torch and torchvision`);
  test.setTimeout(600_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(host.url);
  await importModel(page, host.dataRoot, 'resnet18.onnx');
  for (const id of ['conv1', 'layer1_0_conv1', 'layer3_0_conv1', 'layer3_0_downsample_0', 'fc']) await expect(page.getByTestId(`node-${id}`)).toHaveCount(1);
  await expect(page.locator('[data-testid^="node-onnx_"]')).toHaveCount(0);
  await expectClearLayout(page);

  // layer1.1's identity skip joins its Add from beside the two convolutions it bypasses.
  const { nodes, edges } = await drawn(page);
  const skip = edges.find((e) => e.source === 'layer1_0_relu_1' && e.target === 'layer1_1')!;
  expect(skip, `edges into layer1_1: ${edges.filter((e) => e.target === 'layer1_1').map((e) => e.id).join(', ')}`).toBeDefined();
  const conv = nodes.find((n) => n.id === 'layer1_1_conv1')!;
  expect(Math.max(...pathPoints(skip.d).map((p) => p.x))).toBeGreaterThan(conv.x + conv.width);
  await page.getByTestId('node-layer1_1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/layout-resnet-1440.png` });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${SHOTS}/layout-resnet-1280.png` });

  // Close up at 100 %: every node's id, shape and parameter count whole, edges still clear.
  await page.getByTestId('zoom-level').click();
  await page.getByTestId('node-layer3_0_conv1').scrollIntoViewIfNeeded();
  await expectClearLayout(page);
  for (const id of ['layer3_0_downsample_0', 'layer3_0_conv1']) {
    for (const part of ['.layer-node__id', '.layer-node__shape', '.layer-node__params']) {
      const cut = await page.getByTestId(`node-${id}`).locator(part).evaluate((el) => el.scrollWidth > el.clientWidth);
      expect(cut, `${id} ${part} cut`).toBe(false);
    }
  }
  await page.screenshot({ path: `${SHOTS}/layout-resnet-detail-1280.png` });
});
