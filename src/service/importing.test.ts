import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { tinyClassifier } from '../import/testing/tinyOnnx';
import { dispatch } from './dispatch';
import { createService } from './service';

const root = await mkdtemp(path.join(os.tmpdir(), 'service-import-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const workspace = path.join(root, 'ws');
const api = createService({ host: 'browser', workspace });

it('importModel over a transport: arguments validated, refusals are UNSUPPORTED with the reason, the run is listed as imported', async () => {
  const model = path.join(workspace, 'models', 'tiny.onnx');
  const text = path.join(workspace, 'models', 'notes.onnx');
  await mkdir(path.dirname(model), { recursive: true });
  await writeFile(model, tinyClassifier());
  await writeFile(text, 'not a model');

  const bad = await dispatch(api, 'importModel', [model, { mean: 'red' }]);
  expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });

  const refused = await dispatch(api, 'importModel', [text]);
  expect(refused).toMatchObject({ ok: false, error: { code: 'UNSUPPORTED', message: expect.stringMatching(/is not an ONNX model/) } });

  const outside = await dispatch(api, 'importModel', [path.join(root, 'elsewhere.onnx')]);
  expect(outside).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

  const done = await dispatch(api, 'importModel', [model, { name: 'tiny', size: [8, 8] }]);
  expect(done.ok).toBe(true);
  const runs = await api.listRuns();
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ name: 'tiny', status: 'completed', imported: { format: 'onnx', source: model }, classes: expect.arrayContaining(['0', '9']) });
  expect((await readdir(path.join(workspace, 'runs'))).filter((n) => n.endsWith('.importing'))).toEqual([]);
});
