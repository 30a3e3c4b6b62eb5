import { mkdtemp, readFile, rm, symlink, mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import { tfjsBackendsHere } from '../testing/tfjsBackends';
import { dispatch } from './dispatch';
import { createService } from './service';

let dir: string;
let workspace: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-service-'));
  workspace = path.join(dir, 'ws');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('service', () => {
  it('saves atomically into the workspace and opens the same graph', async () => {
    const api = createService({ host: 'browser', workspace });
    const graph = loadPreset('small-cnn');
    const saved = await api.saveGraph('my design', graph);
    expect(saved.path).toBe(path.join(workspace, 'designs', 'my design.json'));
    expect(JSON.parse(await readFile(saved.path, 'utf8'))).toEqual(graph);
    expect((await api.openGraph('my design')).graph).toEqual(graph);
    expect((await api.listDesigns()).map((d) => d.name)).toEqual(['my design']);
  });

  it('autosaves a design, offers it back, and forgets it when cleared', async () => {
    const api = createService({ host: 'browser', workspace });
    expect(await api.loadAutosave()).toBeNull();
    const half = { ...loadPreset('small-cnn'), name: 'work in progress' };
    await api.saveAutosave(half, null);
    expect(await createService({ host: 'browser', workspace }).loadAutosave()).toMatchObject({ graph: half, sourcePath: null });
    await api.clearAutosave();
    expect(await api.loadAutosave()).toBeNull();
  });

  it('refuses paths outside the workspace, through .. or a symlink', async () => {
    const api = createService({ host: 'browser', workspace });
    const outside = path.join(dir, 'outside');
    await mkdir(outside, { recursive: true });
    await writeFile(path.join(outside, 'x.json'), JSON.stringify(loadPreset('small-cnn')));
    await symlink(outside, path.join(workspace, 'designs', 'escape'));
    await expect(api.openGraph('../../outside/x.json')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.openGraph(path.join(outside, 'x.json'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.openGraph('escape/x.json')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(api.saveGraph('escape/y', loadPreset('small-cnn'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const allowed = createService({ host: 'browser', workspace, extraRoots: [outside] });
    expect((await allowed.openGraph(path.join(outside, 'x.json'))).graph.name).toContain('Small CNN');
  });

  it('refuses to save an invalid graph and names the problem', async () => {
    const api = createService({ host: 'browser', workspace });
    const nameless = JSON.parse('{ "format": "inception-studio.graph", "version": 2 }');
    await expect(api.saveGraph('bad', nameless)).rejects.toMatchObject({
      code: 'INVALID_GRAPH',
      message: expect.stringContaining('name'),
    });
  });

  it('reports each TF.js backend as this machine has it, with a reason for those that are missing', async () => {
    const { engines } = await createService({ host: 'browser', workspace }).engines();
    const tfjs = engines[0];
    const here = tfjsBackendsHere();
    expect(tfjs.backends.map((b) => b.name)).toEqual(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']);
    expect(tfjs.backends.filter((b) => b.available).map((b) => b.name)).toEqual(here);
    expect(tfjs.active).toBe(here[0]);
    for (const b of tfjs.backends) {
      if (b.available) expect([b.detail, b.reason], b.name).toEqual([expect.stringMatching(/^\d+\.\d+\.\d+ \(/), undefined]);
      else expect(b.reason, b.name).toMatch(new RegExp(`^${b.package} is (not installed|installed but does not load).*training uses a slower backend instead`, 'i'));
    }
  });

  it('dispatch validates arguments and never throws', async () => {
    const api = createService({ host: 'browser', workspace });
    expect(await dispatch(api, 'loadPreset', ['googlenet-96'])).toMatchObject({ ok: true, result: { name: expect.any(String) } });
    expect(await dispatch(api, 'loadPreset', ['nope'])).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await dispatch(api, 'openGraph', [])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(api, '__proto__', [])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await dispatch(api, 'pickPath', ['open'])).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await dispatch(api, 'pickImages', [])).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED' } });
    expect(await dispatch(api, 'pickImages', ['x'])).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
  });

  it('writes the sample folder once, even when asked twice at the same time, and it scans as four shapes', async () => {
    const api = createService({ host: 'browser', workspace: path.join(dir, 'ws-sample') });
    const [a, b] = await Promise.all([api.makeSampleDataset(), api.makeSampleDataset()]);
    expect(a).toBe(b);
    expect(a).toMatchObject({ dir: path.join(dir, 'ws-sample', 'samples', 'shapes'), classes: ['circle', 'cross', 'square', 'triangle'], images: 1000, created: true });
    expect(await api.makeSampleDataset()).toMatchObject({ created: false });
    const summary = await api.scanDataset(a.dir);
    expect(summary.classes).toEqual(a.classes.map((name) => ({ name, count: 250 })));
    expect(summary.skippedCount).toBe(0);
  });

  it('images picked in a native dialog may be read, and only those, wherever they are', async () => {
    const elsewhere = path.join(dir, 'elsewhere');
    await mkdir(elsewhere, { recursive: true });
    const files = ['a.png', 'b.png', 'not-picked.png'].map((name) => path.join(elsewhere, name));
    const pixels = sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 20, b: 20 } } }).png();
    for (const file of files) await pixels.clone().toFile(file);
    let answer: string[] | null = files.slice(0, 2);
    const api = createService({ host: 'electron', workspace, pickImages: async () => answer });
    expect(await api.pickImages()).toEqual(files.slice(0, 2));
    const previews = await api.previewImages(files.slice(0, 2), { size: 4, channels: 3, resize: 'stretch' });
    expect(previews.map((p) => p.dataUrl?.startsWith('data:image/png;base64,'))).toEqual([true, true]);
    await expect(api.previewImages([files[2]], { size: 4, channels: 3, resize: 'stretch' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    answer = [];
    expect(await api.pickImages()).toBeNull();
  });

  it('lists model files in the browser and lets a model picked in a native dialog be imported, nothing beside it', async () => {
    const elsewhere = path.join(dir, 'models');
    await mkdir(elsewhere, { recursive: true });
    const [picked, beside] = ['net.onnx', 'other.onnx'].map((name) => path.join(elsewhere, name));
    for (const file of [picked, beside]) await writeFile(file, 'not an onnx file');
    const api = createService({ host: 'electron', workspace, extraRoots: [], pickPath: async (mode) => (mode === 'model' ? picked : null) });
    expect(await dispatch(api, 'pickPath', ['model'])).toEqual({ ok: true, result: picked });
    await expect(api.importModel(picked)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    await expect(api.importModel(beside)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const browsing = createService({ host: 'browser', workspace, extraRoots: [elsewhere] });
    expect((await browsing.browseFolder(elsewhere)).entries.map((e) => [e.name, e.kind])).toEqual([['net.onnx', 'model'], ['other.onnx', 'model']]);
  });
});
