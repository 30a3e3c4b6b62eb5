import { describe, expect, it } from 'vitest';
import type { EngineSpeed } from '../contract/engines';
import { decideEngine, provisionalNote } from './engineDecision';

const speed = (engine: 'tfjs' | 'torch', device: string, imagesPerSecond: number | null, error?: string): EngineSpeed =>
  ({ engine, device, available: imagesPerSecond !== null || engine === 'torch', imagesPerSecond, ...(error && { error }) });
const on = { design: 'googlenet-96', sizeClass: '100 M–1 G multiply-adds per image' };

describe('decideEngine', () => {
  it('takes the faster engine and says by how much, with the figures and the design they were measured on', () => {
    const choice = decideEngine([speed('torch', 'cpu', 412), speed('tfjs', 'wasm', 51)], on);
    expect(choice).toMatchObject({ engine: 'torch', device: 'cpu', title: 'PyTorch on CPU' });
    expect(choice.reason).toBe('PyTorch on CPU: about 8× faster than TF.js wasm on this machine (412 vs 51 images/s training googlenet-96, 100 M–1 G multiply-adds per image)');
    const small = decideEngine([speed('torch', 'cpu', 300), speed('tfjs', 'wasm', 390)], { design: 'Small CNN', sizeClass: 'under 10 M multiply-adds per image' });
    expect(small.reason).toBe('TF.js wasm: about 1.3× faster than PyTorch on CPU on this machine (390 vs 300 images/s training Small CNN, under 10 M multiply-adds per image)');
  });

  it('takes TF.js where tfjs-node-gpu beats a CPU-only torch', () => {
    const choice = decideEngine([speed('torch', 'cpu', 300), speed('tfjs', 'tensorflow-gpu', 2400)], on);
    expect(choice).toMatchObject({ engine: 'tfjs', device: 'tensorflow-gpu' });
    expect(choice.reason).toMatch(/^TF\.js tfjs-node-gpu \(CUDA\): about 8× faster than PyTorch on CPU on this machine \(2400 vs 300 images\/s/);
  });

  it('names a figure that came from a finished run', () => {
    const choice = decideEngine([{ ...speed('torch', 'cpu', 52), fromRun: 'googlenet-96-20261206-0915' }, speed('tfjs', 'wasm', 7.6)], on);
    expect(choice.reason).toBe('PyTorch on CPU: about 7× faster than TF.js wasm on this machine (52 vs 7.6 images/s training googlenet-96, 100 M–1 G multiply-adds per image; PyTorch\'s figure from run googlenet-96-20261206-0915)');
  });

  it('says when the two are close, when only one trains, and falls back to PyTorch when nothing could be measured', () => {
    expect(decideEngine([speed('torch', 'cpu', 100), speed('tfjs', 'tensorflow', 95)], on).reason).toMatch(/^PyTorch on CPU: about as fast as TF.js tfjs-node /);
    expect(decideEngine([speed('torch', 'cuda', 5000), speed('tfjs', 'wasm', 40)], on).reason).toContain('about 125× faster');
    expect(decideEngine([speed('torch', 'cpu', 150), speed('tfjs', 'wasm', 100)], on).reason).toContain('about 1.5× faster than TF.js wasm');
    const alone = decideEngine([{ engine: 'torch', device: 'cpu', available: false, imagesPerSecond: null, error: 'no Python here imports torch' }, speed('tfjs', 'wasm', 40)], on);
    expect(alone).toMatchObject({ engine: 'tfjs', device: 'wasm' });
    expect(alone.reason).toBe('TF.js wasm: the only engine that trains here (PyTorch: no Python here imports torch)');
    const none = decideEngine([speed('torch', 'cpu', null, 'the probe failed: boom'), speed('tfjs', 'wasm', null, 'the probe failed: bang')], on);
    expect(none).toMatchObject({ engine: 'torch' });
    expect(none.reason).toContain('no engine could be measured here (PyTorch: the probe failed: boom; TF.js: the probe failed: bang)');
  });
});

describe('provisionalNote', () => {
  it('says how busy the machine was, and that it is measured again', () => {
    expect(provisionalNote(1.93, 2)).toBe(' — provisional: other programs kept 1.9 of 2 cores busy while it measured, so it is measured again at the next start');
  });
});
