import { describe, expect, it } from 'vitest';
import { realpathSync } from 'node:fs';
import { DEBIAN_BLAS_ALTERNATIVE, debianTorch, torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch, installCommand, pythonCandidates, REFERENCE_BLAS_ADVICE, torchEngineStatus } from './detect';

const found = await detectTorch();

describe('pythonCandidates', () => {
  it('tries the configured interpreter first, then PATH, the system one and virtual environments', () => {
    const saved = { ...process.env };
    try {
      process.env.INCEPTION_PYTHON = '/opt/custom/python';
      process.env.VIRTUAL_ENV = '/venvs/a';
      process.env.CONDA_PREFIX = '/conda/env';
      const list = pythonCandidates('/configured/python3');
      expect(list.slice(0, 2)).toEqual([
        { path: '/opt/custom/python', source: 'INCEPTION_PYTHON' },
        { path: '/configured/python3', source: 'configured' },
      ]);
      const sources = list.map((c) => c.source);
      expect(sources).toEqual(expect.arrayContaining(['.venv', '~/.venv', 'VIRTUAL_ENV', 'CONDA_PREFIX']));
      expect(list.find((c) => c.source === 'VIRTUAL_ENV')!.path).toBe(process.platform === 'win32' ? '/venvs/a/Scripts/python.exe' : '/venvs/a/bin/python');
      if (process.platform !== 'win32') expect(sources.indexOf('system')).toBeLessThan(sources.indexOf('.venv'));
    } finally {
      process.env = saved;
    }
  });
});

describe('detectTorch', () => {
  it('reports an interpreter that does not exist, and what would install torch', async () => {
    const status = await detectTorch({ python: '/nonexistent/python3', refresh: true });
    expect(status.tried[0]).toMatchObject({ path: '/nonexistent/python3', source: 'configured', outcome: 'failed', detail: 'no such file' });
    expect(installCommand(null)).toMatch(/apt-get install python3-torch python3-torchvision|pip install torch torchvision/);
    expect(installCommand('/home/me/.venv/bin/python')).toBe('"/home/me/.venv/bin/python" -m pip install torch torchvision');
  });

  it.runIf(needs(torchInstalled(found)))('finds a Python with torch, with its devices, and caches the answer', async () => {
    const status = await detectTorch();
    expect(status).toBe(found);
    expect(status.torchVersion).toMatch(/^\d+\.\d+/);
    expect(status.devices.at(-1)).toMatchObject({ type: 'cpu', id: 'cpu' });
    expect(status.tried.at(-1)).toMatchObject({ outcome: 'torch', path: status.python });
    const engine = torchEngineStatus(status);
    expect(engine).toMatchObject({ id: 'torch', title: 'PyTorch', available: true, active: status.defaultDevice });
    expect(engine.backends.map((b) => b.name)).toEqual(['cuda', 'mps', 'cpu']);
    expect(engine.backends.find((b) => b.name === 'cpu')!.available).toBe(true);
  });

  // The other side of the test above: it runs where no Python has torch (outside CI, or with torch hidden).
  it.skipIf(found.available)('says why torch is missing, with the command that installs it', async () => {
    const status = await detectTorch({ python: '/nonexistent/python3', refresh: true });
    expect(status).toMatchObject({ available: false, python: null, devices: [] });
    expect(status.reason).toMatch(/torch/);
    expect(status.reason).toContain(status.install!);
    expect(torchEngineStatus(status)).toMatchObject({ id: 'torch', available: false, active: null });
  });

  it.runIf(needs(debianTorch(found)))("names the BLAS behind Debian's torch, and says how to leave the slow reference one", () => {
    const expected = realpathSync(DEBIAN_BLAS_ALTERNATIVE).includes('/blas/libblas.so') ? 'reference' : 'openblas';
    expect(found.blas).toBe(expected);
    const cpu = torchEngineStatus(found).backends.find((b) => b.name === 'cpu')!;
    expect(cpu.detail!.includes(REFERENCE_BLAS_ADVICE)).toBe(expected === 'reference');
  });
});
