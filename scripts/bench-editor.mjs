#!/usr/bin/env node
// Editor benchmark (not a test): opens a 500-node design in Chromium through the browser-mode host,
// drags one node around for a few seconds, and prints frame times as JSON.
//
//   npx vite build && node scripts/bench-editor.mjs [--nodes 500] [--seconds 4] [--chromium /usr/bin/chromium]
//
// Frame time = the interval between requestAnimationFrame callbacks while the drag runs; 16.7 ms is 60 fps,
// and headless Chromium never paints faster, so the median cannot go below it. How much of each frame the
// main thread was busy (Chrome's TaskDuration, Script, Layout and style) is reported too: that is the headroom.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1] : fallback;
};
const NODES = Number(option('nodes', '500'));
const SECONDS = Number(option('seconds', '4'));
const CHROMIUM = option('chromium', process.env.CHROMIUM_PATH || '/usr/bin/chromium');

/** A valid chain of `count` layers (Input, then Conv2D → BatchNorm → ReLU repeated), laid out in rows of 20. */
function design(count) {
  const kinds = ['Conv2D', 'BatchNorm', 'ReLU'];
  const nodes = [];
  const edges = [];
  for (let i = 0; i < count; i++) {
    const kind = i === 0 ? 'Input' : kinds[(i - 1) % kinds.length];
    const params = kind === 'Input' ? { height: 16, width: 16, channels: 8 }
      : kind === 'Conv2D' ? { filters: 8, kernel: 3, padding: 1 } : {};
    nodes.push({ id: `n${i}`, kind, params, position: { x: (i % 20) * 260, y: Math.floor(i / 20) * 110 } });
    if (i > 0) edges.push({ id: `n${i - 1}__n${i}__0`, source: `n${i - 1}`, target: `n${i}`, targetSlot: 0 });
  }
  return { format: 'inception-studio.graph', version: 2, name: `Benchmark ${count}`, nodes, edges };
}

async function startHost(workspace) {
  const child = spawn(process.execPath, ['bin/inception.mjs', 'serve', '--port', '0', '--workspace', workspace], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`inception serve printed no URL:\n${log}`)), 30_000);
    const onData = (chunk) => {
      log += chunk.toString();
      const match = log.match(/(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`inception serve exited with ${code}:\n${log}`)));
  });
  return { child, url };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const round = (x) => Math.round(x * 100) / 100;

async function main() {
  const workspace = await mkdtemp(path.join(os.tmpdir(), 'inception-bench-'));
  await mkdir(path.join(workspace, 'designs'), { recursive: true });
  await writeFile(path.join(workspace, 'designs', 'bench.json'), JSON.stringify(design(NODES)));
  const { child, url } = await startHost(workspace);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.getByTestId('status-trainable').filter({ hasText: '5,998,362' }).waitFor();

    const opened = Date.now();
    await page.getByTestId('file-open').click();
    await page.getByTestId('open-design-bench').click();
    await page.waitForFunction((n) => document.querySelectorAll('.react-flow__node').length === n, NODES);
    const openMs = Date.now() - opened;
    await page.getByTestId('fit-button').click();
    await page.waitForTimeout(500);

    const handle = page.getByTestId(`node-n${Math.floor(NODES / 2)}`).locator('.layer-node__title');
    const box = await handle.boundingBox();
    if (!box) throw new Error('the node to drag is not on screen');
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };

    await page.evaluate(() => {
      const state = { frames: [], last: 0, running: true };
      window.__bench = state;
      const tick = (t) => {
        if (state.last) state.frames.push(t - state.last);
        state.last = t;
        if (state.running) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    const before = await metrics();
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    const until = Date.now() + SECONDS * 1000;
    let moves = 0;
    while (Date.now() < until) {
      const angle = moves / 10;
      await page.mouse.move(start.x + 120 * Math.cos(angle) - 120, start.y + 80 * Math.sin(angle));
      moves++;
    }
    await page.mouse.up();
    const frames = await page.evaluate(() => {
      window.__bench.running = false;
      return window.__bench.frames;
    });
    const after = await metrics();
    const busy = (name) => round(((after[name] - before[name]) * 1000) / frames.length);
    const undoSteps = await page.getByTestId('undo-button').isEnabled();

    const sorted = [...frames].sort((a, b) => a - b);
    const result = {
      date: new Date().toISOString().slice(0, 10),
      machine: `${os.cpus().length} CPU cores, ${os.platform()}, headless Chromium ${browser.version()}, --disable-gpu`,
      nodes: NODES,
      edges: NODES - 1,
      openMs,
      dragSeconds: SECONDS,
      pointerMoves: moves,
      frames: frames.length,
      frameMs: {
        median: round(percentile(sorted, 0.5)),
        p90: round(percentile(sorted, 0.9)),
        p99: round(percentile(sorted, 0.99)),
        max: round(sorted[sorted.length - 1]),
        mean: round(frames.reduce((a, b) => a + b, 0) / frames.length),
      },
      mainThreadMsPerFrame: {
        task: busy('TaskDuration'),
        script: busy('ScriptDuration'),
        layout: busy('LayoutDuration'),
        style: busy('RecalcStyleDuration'),
      },
      over17ms: frames.filter((f) => f > 17.5).length,
      over50ms: frames.filter((f) => f > 50).length,
      dragRecordedForUndo: undoSteps,
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    await rm(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
