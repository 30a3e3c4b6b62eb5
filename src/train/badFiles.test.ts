import { chmod, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFashionMnistFolder } from '../data/testing/fashionMnist';
import { fashionMnist } from '../testing/installs';
import { needs } from '../testing/requirements';
import { loadPreset } from '../graph/presets';
import { trainNewRun } from '../service/testing/preparedRuns';
import { readJson, runPaths } from '../io/runFolder';

let dir: string;
let data: string;

/** A Fashion-MNIST folder of two classes, salted with every kind of bad, odd and hostile file. */
async function makeHostileFolder(root: string): Promise<void> {
  const source = path.join(dir, 'source');
  await writeFashionMnistFolder(source, { perClass: 12, split: 't10k', format: 'png' });
  const bag = path.join(root, 'Bag');
  const boot = path.join(root, 'Ankle_boot');
  await mkdir(path.join(bag, 'deep', 'deeper'), { recursive: true });
  await mkdir(boot, { recursive: true });
  for (const [from, to] of [['Bag', bag], ['Ankle_boot', boot]] as const) {
    for (let i = 0; i < 12; i++) {
      const bytes = await readFile(path.join(source, from, `t10k-${String(i).padStart(5, '0')}.png`)).catch(() => null);
      if (bytes) await writeFile(path.join(to, `${i}.png`), bytes);
    }
  }
  const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#884422' } }).jpeg().toBuffer();
  const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#224488' } }).png().toBuffer();
  await writeFile(path.join(bag, 'zero-bytes.png'), Buffer.alloc(0));
  await writeFile(path.join(bag, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await writeFile(path.join(bag, 'truncated.png'), png.subarray(0, Math.floor(png.length / 2)));
  await writeFile(path.join(bag, 'really-a-jpeg.png'), jpeg);
  await writeFile(path.join(bag, 'notes.txt'), 'not an image');
  await writeFile(path.join(bag, 'text.jpg'), 'just text pretending to be a JPEG');
  await writeFile(path.join(bag, 'sixteen-bit.png'), await sharp(Buffer.alloc(20 * 20 * 2, 0x7f), { raw: { width: 20, height: 20, channels: 1 } }).png({ force: true }).toColourspace('grey16').toBuffer());
  await writeFile(path.join(boot, 'cmyk.jpg'), await sharp({ create: { width: 32, height: 32, channels: 3, background: '#cc3311' } }).toColourspace('cmyk').jpeg().toBuffer());
  const frames = Buffer.concat([Buffer.alloc(16 * 16 * 4, 200), Buffer.alloc(16 * 16 * 4, 30)]);
  await writeFile(path.join(boot, 'animated.gif'), await sharp(frames, { raw: { width: 16, height: 32, channels: 4, pageHeight: 16 } }).gif().toBuffer());
  await writeFile(path.join(boot, 'huge.png'), await sharp({ create: { width: 10_000, height: 10_000, channels: 3, background: '#777777' } }).png({ compressionLevel: 9 }).toBuffer());
  await writeFile(path.join(boot, '靴.png'), png);
  await writeFile(path.join(boot, 'ботинок.png'), png);
  writeFileSync(Buffer.from([...Buffer.from(boot + '/'), 0xff, 0xfe, 0x2e, 0x70, 0x6e, 0x67]), png);
  await writeFile(path.join(bag, 'deep', 'deeper', 'nested.png'), png);
  await symlink(root, path.join(bag, 'loop'));
  await writeFile(path.join(bag, 'locked.png'), png);
  await chmod(path.join(bag, 'locked.png'), 0o000);
  await mkdir(path.join(root, 'Empty_class'));
  await writeFile(path.join(root, 'stray-in-root.png'), png);
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-hostile-'));
  data = path.join(dir, 'images');
  await makeHostileFolder(data);
}, 120_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe.runIf(needs(fashionMnist()))('a folder of bad files', () => {
  it('trains to the end, lists every bad file with its reason, and keeps memory bounded', async () => {
    let peak = 0;
    const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const graph = loadPreset('small-cnn');
    graph.nodes.find((n) => n.id === 'fc')!.params.units = 2;
    const result = await trainNewRun({
      runDir: path.join(dir, 'run'),
      graph,
      config: { data: { dir: data, workers: 1 }, epochs: 1, batchSize: 8, backend: 'wasm' },
    });
    clearInterval(timer);
    console.log(`peak RSS while training on the hostile folder: ${(peak / 2 ** 20).toFixed(0)} MiB`);
    expect(result.status).toBe('completed');
    const report = await readJson<{ skipped: { files: { path: string; reason: string }[] }; emptyClasses: string[]; classes: string[] }>(runPaths(path.join(dir, 'run')).report);
    expect(report.classes).toEqual(['Ankle_boot', 'Bag']);
    expect(report.emptyClasses).toEqual(['Empty_class']);
    const reasons = new Map(report.skipped.files.map((f) => [path.basename(f.path), f.reason]));
    for (const bad of ['zero-bytes.png', 'truncated.jpg', 'truncated.png', 'notes.txt', 'text.jpg', 'stray-in-root.png']) {
      expect(reasons.get(bad), bad).toMatch(/\w{4,}/);
    }
    expect([...reasons.values()]).toContain('the file name is not valid UTF-8; rename the file');
    for (const fine of ['really-a-jpeg.png', 'sixteen-bit.png', 'cmyk.jpg', 'animated.gif', '靴.png', 'ботинок.png', 'nested.png']) {
      expect(reasons.has(fine), fine).toBe(false);
    }
    expect(peak).toBeLessThan(3 * 2 ** 30);
  }, 240_000);
});
