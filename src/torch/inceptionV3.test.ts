import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { generateTorchModule } from './codegen';
import { detectTorch } from './detect';

const torch = await detectTorch({ timeoutMs: 300_000 });

describe.runIf(needs(torchInstalled(torch)))('the inception-v3 preset is torchvision\'s Inception-v3', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('takes torchvision\'s state_dict key for key (BasicConv2d\'s conv/bn as 0/1) and gives its logits within 1e-4', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'inception-v3-'));
    const net = path.join(dir, 'net.py');
    await writeFile(net, generateTorchModule(loadPreset('inception-v3')).code);
    const script = path.join(path.dirname(new URL(import.meta.url).pathname), 'testing', 'inceptionV3Parity.py');
    const { stdout } = await promisify(execFile)(torch.python!, [script, net], { timeout: 600_000 });
    const result = JSON.parse(stdout.trim().split('\n').pop()!) as { difference: number; largest: number; shape: number[] };
    expect(result.shape).toEqual([2, 1000]);
    expect(result.difference / result.largest).toBeLessThan(1e-4);
  }, 600_000);
});
