import { execFileSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pythonAssetsDir } from '../torch/paths';
import { naturalCompare } from './naturalOrder';
import { scanImageFolder, withClassOrder } from './scan';
import { greyPng, tempFolder } from './testing/images';

const NAMES = ['10', '2', '1', '007', '7', 'class10', 'class9', 'Class1', 'a1b2', 'a1b10', 'a01b2', 'b', 'a', 'é', '𝔸', 'ﬀ', '', 'x0', 'x00', '99999999999999999999', '100000000000000000000'];

describe('naturalCompare', () => {
  it('orders digit runs by value and the rest by code point', () => {
    expect(['10', '2', '1', 'eight', 'one'].sort(naturalCompare)).toEqual(['1', '2', '10', 'eight', 'one']);
    expect(['class10', 'class9', 'class1'].sort(naturalCompare)).toEqual(['class1', 'class9', 'class10']);
    expect(['7', '007', '07'].sort(naturalCompare)).toEqual(['7', '07', '007']);
    expect(['100000000000000000000', '99999999999999999999'].sort(naturalCompare)).toEqual(['99999999999999999999', '100000000000000000000']);
  });

  it('is the PyTorch runner’s order (folders.natural_key)', () => {
    const script = 'import json, sys\nsys.path.insert(0, sys.argv[1])\nfrom inception_torch.folders import natural_key\nprint(json.dumps(sorted(json.load(sys.stdin), key=natural_key)))';
    const python = process.env.INCEPTION_PYTHON ?? 'python3';
    const out = execFileSync(python, ['-c', script, pythonAssetsDir()], { input: JSON.stringify(NAMES), encoding: 'utf8' });
    expect([...NAMES].sort(naturalCompare)).toEqual(JSON.parse(out));
  });

  it('keeps a run’s recorded order in the PyTorch runner too (folders.with_class_order)', () => {
    const script = 'import json, sys\nsys.path.insert(0, sys.argv[1])\nfrom inception_torch.folders import with_class_order\n'
      + 'scan = {"classes": ["1", "2", "10"], "samples": [("a", 0), ("b", 1), ("c", 2)], "skipped": [], "emptyClasses": []}\n'
      + 'print(json.dumps(with_class_order(scan, ["1", "10", "2"])))';
    const python = process.env.INCEPTION_PYTHON ?? 'python3';
    const out = JSON.parse(execFileSync(python, ['-c', script, pythonAssetsDir()], { encoding: 'utf8' }));
    expect(out.classes).toEqual(['1', '10', '2']);
    expect(out.samples).toEqual([['a', 0], ['c', 1], ['b', 2]]);
  });
});

describe('class order of a scan', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, cleanup } = await tempFolder());
    const png = await greyPng(4, 4, 100);
    for (const name of ['10', '2', '1']) {
      await mkdir(path.join(dir, 'digits', name), { recursive: true });
      await writeFile(path.join(dir, 'digits', name, 'a.png'), png);
    }
  });
  afterAll(() => cleanup());

  it('lists classes naturally: 2 before 10', async () => {
    const scan = await scanImageFolder(path.join(dir, 'digits'));
    expect(scan.classes.map((c) => c.name)).toEqual(['1', '2', '10']);
    expect(scan.samples.map((s) => path.basename(path.dirname(s.path)))).toEqual(['1', '2', '10']);
  });

  it('keeps an older run’s recorded order', async () => {
    const scan = withClassOrder(await scanImageFolder(path.join(dir, 'digits')), ['1', '10', '2']);
    expect(scan.classes.map((c) => c.name)).toEqual(['1', '10', '2']);
    expect(scan.samples.map((s) => [path.basename(path.dirname(s.path)), s.label])).toEqual([['1', 0], ['10', 1], ['2', 2]]);
    const other = await scanImageFolder(path.join(dir, 'digits'));
    expect(withClassOrder(other, ['1', '2', 'cat'])).toBe(other);
  });
});
