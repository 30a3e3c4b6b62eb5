import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedProbe, torchProbeCachePath, type InterpreterFacts } from './probeCache';

let dir = '';
let python = '';
let torchInit = '';
const probeScript = path.join(import.meta.dirname, '..', '..', 'assets', 'python', 'inception_torch', 'probe.py');
const previous = process.env.INCEPTION_PROBE_CACHE;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'probe-cache-'));
  torchInit = path.join(dir, 'site', 'torch', '__init__.py');
  await mkdir(path.dirname(torchInit), { recursive: true });
  await writeFile(torchInit, '# torch 1\n');
  // An interpreter that answers the fingerprint's find_spec question as Python would, for a torch in `site/`.
  python = path.join(dir, 'python3');
  await writeFile(python, `#!/bin/sh\necho '{"origins": ["${torchInit}", null, null], "python": "3.11.2", "executable": "${python}", "cpuCores": 2}'\n`);
  await chmod(python, 0o755);
  process.env.INCEPTION_PROBE_CACHE = path.join(dir, 'cache', 'torch-probe.json');
});
afterAll(async () => {
  if (previous === undefined) delete process.env.INCEPTION_PROBE_CACHE;
  else process.env.INCEPTION_PROBE_CACHE = previous;
  await rm(dir, { recursive: true, force: true });
});

describe('the probe answer kept on disk', () => {
  let probes = 0;
  const probe = async () => ({ torch: `1.${++probes}` });
  const options = { keep: (r: { torch?: string }) => !!r.torch, check: (c: unknown) => (c && typeof c === 'object' && 'torch' in c ? (c as { torch: string }) : null) };

  it('probes once, then answers from the file while nothing changed; again when torch changes, when asked afresh, and when the file is not ours', async () => {
    expect(torchProbeCachePath()).toBe(process.env.INCEPTION_PROBE_CACHE);
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.1' });
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.1' });
    expect(probes).toBe(1);

    await writeFile(torchInit, '# torch 2, reinstalled\n');
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.2' });
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.2' });

    expect(await cachedProbe(python, probeScript, probe, { ...options, fresh: true })).toEqual({ torch: '1.3' });
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.3' });

    await writeFile(process.env.INCEPTION_PROBE_CACHE!, 'not json');
    expect(await cachedProbe(python, probeScript, probe, options)).toEqual({ torch: '1.4' });
    expect(await cachedProbe(python, probeScript, probe, { ...options, check: () => null })).toEqual({ torch: '1.5' });
    expect(probes).toBe(5);
  });

  it('keeps no answer that did not find torch, and nothing for an interpreter it cannot ask', async () => {
    let asked = 0;
    const failing = async () => ({ failure: `no torch ${++asked}` });
    const keepTorch = { keep: (r: { failure: string }) => !('failure' in r), check: () => null };
    await cachedProbe(python, probeScript, failing, keepTorch);
    await cachedProbe(python, probeScript, failing, keepTorch);
    expect(asked).toBe(2);

    const missing = path.join(dir, 'no-such-python');
    let missingAsked = 0;
    const answer = async () => ({ torch: `x${++missingAsked}` });
    await cachedProbe(missing, probeScript, answer, options);
    await cachedProbe(missing, probeScript, answer, options);
    expect(missingAsked).toBe(2);
  });

  it('answers for an interpreter in which torch cannot be found from its one bare start, without the probe', async () => {
    const bare = path.join(dir, 'python-without-torch');
    await writeFile(bare, `#!/bin/sh\necho '{"origins": [null, null, "/usr/lib/python3/PIL/__init__.py"], "python": "3.12.1", "executable": "/opt/py/bin/python3.12", "cpuCores": 4}'\n`);
    await chmod(bare, 0o755);
    let probed = 0;
    type Answer = { torch?: string; error?: string; probed?: number };
    const withoutTorch = (facts: InterpreterFacts): Answer => ({ error: 'no torch', ...facts });
    const probeCounted = async (): Promise<Answer> => ({ probed: ++probed });
    const answer = await cachedProbe(bare, probeScript, probeCounted, { ...options, withoutTorch });
    expect(answer).toEqual({ error: 'no torch', origins: [null, null, '/usr/lib/python3/PIL/__init__.py'], python: '3.12.1', executable: '/opt/py/bin/python3.12', cpuCores: 4 });
    expect(probed).toBe(0);
    // Where torch can be found, the probe still decides (an import can fail after find_spec found it).
    expect(await cachedProbe(python, probeScript, async (): Promise<Answer> => ({ torch: 'probed' }), { ...options, fresh: true, withoutTorch })).toEqual({ torch: 'probed' });
  });
});
