import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..');
const run = promisify(execFile);

/** The layering messages ESLint gives `code` as if it were the file `file`, with the project's own config. */
async function layeringErrors(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'layering/imports').map((m) => m.message);
}

describe('npm run lint enforces the layering of docs/architecture.md', () => {
  it('fails a wrong-way import in src/ and says which levels', async () => {
    const errors = await layeringErrors('src/graph/wrongWay.ts', "import { startTraining } from '../train/run';\nexport const x = startTraining;\n");
    expect(errors).toEqual([expect.stringMatching(/^src\/graph may not import src\/train \(src\/train\/run\): src\/graph \(level 1\) is below src\/train \(level 10\)/)]);
  });

  it('fails an import between two zones of one level: the TF.js engine and the PyTorch runner', async () => {
    expect(await layeringErrors('src/compile/x.ts', "import '../backend/select';\n")).toEqual([expect.stringContaining('they share level 6')]);
    expect(await layeringErrors('src/torchRun/x.ts', "import { runTraining } from '../train/run';\nexport const r = runTraining;\n")).toEqual([
      expect.stringMatching(/^src\/torchRun may not import src\/train \(src\/train\/run\): they share level 10/),
    ]);
  });

  it('keeps each folder one level: the PyTorch code below its runner, shape arithmetic below the layers', async () => {
    expect(await layeringErrors('src/torch/codegenHelper.ts', "import { startTorchRun } from '../torchRun/runner';\nexport const y = startTorchRun;\n")).toEqual([
      expect.stringMatching(/^src\/torch may not import src\/torchRun \(src\/torchRun\/runner\): src\/torch \(level 6\) is below src\/torchRun \(level 10\)/),
    ]);
    expect(await layeringErrors('src/shapeMath/x.ts', "import { LAYER_KINDS } from '../layers/catalog';\nexport const k = LAYER_KINDS;\n")).toEqual([
      expect.stringMatching(/^src\/shapeMath may not import src\/layers \(src\/layers\/catalog\): src\/shapeMath \(level 2\) is below src\/layers \(level 3\)/),
    ]);
    expect(await layeringErrors('src/layers/x.ts', "import { formatShape } from '../shapeMath/shape';\nexport const f = formatShape;\n")).toEqual([]);
  });

  it('lets imports go down', async () => {
    expect(await layeringErrors('src/train/x.ts', "import { inferGraph } from '../shapes/infer';\nexport const z = inferGraph;\n")).toEqual([]);
  });

  it('keeps the renderer on its allow-list: no src/torch, service values only as types', async () => {
    expect(await layeringErrors('renderer/state/x.ts', "import { detectTorch } from '../../src/torch/detect';\nexport const t = detectTorch;\n")).toEqual([
      expect.stringMatching(/^renderer\/state may not import src\/torch\/detect: its allow-list is src\/contract, src\/graph, src\/shapeMath, src\/layers, src\/shapes, src\/service\/api \(types only\)/),
    ]);
    expect(await layeringErrors('renderer/train/x.ts', "import { API_METHODS } from '../../src/service/api';\nexport const m = API_METHODS;\n")).toEqual([
      expect.stringContaining('may import only types from src/service/api'),
    ]);
    expect(await layeringErrors('renderer/shell/x.ts', "import type { RunInfo } from '../../src/service/api';\nimport { inferGraph } from '../../src/shapes/infer';\nexport type R = RunInfo;\nexport const i = inferGraph;\n")).toEqual([]);
  });

  it('keeps one screen out of another screen\'s files', async () => {
    expect(await layeringErrors('renderer/train/x.ts', "import { RunsScreen } from '../runs/RunsScreen';\nexport const r = RunsScreen;\n")).toEqual([
      expect.stringMatching(/^renderer\/train may not import renderer\/runs \(renderer\/runs\/RunsScreen\): they share level 25/),
    ]);
  });

  it('fails a renderer import running back up its floors: state below components, components below screens, screens below the shell', async () => {
    expect(await layeringErrors('renderer/state/x.ts', "import { formatCount } from '../components/format';\nexport const f = formatCount;\n")).toEqual([
      expect.stringMatching(/^renderer\/state may not import renderer\/components \(renderer\/components\/format\): renderer\/state \(level 21\) is below renderer\/components \(level 22\)/),
    ]);
    expect(await layeringErrors('renderer/components/x.ts', "import { GraphCanvas } from '../editor/canvas/GraphCanvas';\nexport const g = GraphCanvas;\n")).toEqual([
      expect.stringContaining('renderer/components (level 22) is below renderer/editor (level 25)'),
    ]);
    expect(await layeringErrors('renderer/results/x.ts', "import { App } from '../shell/App';\nexport const a = App;\n")).toEqual([
      expect.stringContaining('renderer/results (level 25) is below renderer/shell (level 26)'),
    ]);
  });

  it('lets renderer imports go down its floors', async () => {
    expect(
      await layeringErrors(
        'renderer/shell/x.ts',
        "import { TrainScreen } from '../train/TrainScreen';\nimport { Modal } from '../components/Modal';\nimport { useTrainSettings } from '../state/trainStore';\nimport { api } from '../api/instance';\nexport const all = [TrainScreen, Modal, useTrainSettings, api];\n",
      ),
    ).toEqual([]);
  });

  it('puts every file of the renderer in a zone', async () => {
    expect(await layeringErrors('renderer/x.ts', 'export const n = 1;\n')).toEqual(['renderer/x.ts is in no zone: add its folder to the table in eslint.config.js']);
    expect(await layeringErrors('renderer/newScreen/x.tsx', 'export const n = 1;\n')).toEqual(['renderer/newScreen/x.tsx is in no zone: add its folder to the table in eslint.config.js']);
  });

  it('puts every file of src/ in a zone', async () => {
    expect(await layeringErrors('src/newFolder/x.ts', 'export const n = 1;\n')).toEqual(['src/newFolder/x.ts is in no zone: add its folder to the table in eslint.config.js']);
  });

  it('keeps test helpers out of production code', async () => {
    expect(await layeringErrors('src/service/x.ts', "import '../torch/testing/graphs';\n")).toEqual([expect.stringContaining('may not import the test helper src/torch/testing/graphs')]);
  });
});

describe('scripts/check-import-cycles.mjs', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'import-cycles-'));
    await writeFile(path.join(dir, 'a.ts'), "import { b } from './b';\nexport const a = () => b;\n");
    await writeFile(path.join(dir, 'b.ts'), "import type { C } from './c';\nexport const b = 1 as C;\n");
    await writeFile(path.join(dir, 'c.ts'), "export type C = number;\nexport const later = () => import('./a');\n");
    await writeFile(path.join(dir, 'd.ts'), "import { a } from './a';\nexport const d = a;\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports a circle through type-only and dynamic imports, and fails', async () => {
    const failed = await run(process.execPath, [path.join(root, 'scripts/check-import-cycles.mjs'), dir], { cwd: dir }).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('import circle: a.ts -> b.ts -> c.ts -> a.ts');
    expect((failed as { stderr: string }).stderr).toContain('1 import circle(s)');
  });

  it('passes a folder without circles', async () => {
    await writeFile(path.join(dir, 'c.ts'), 'export type C = number;\n');
    const { stdout } = await run(process.execPath, [path.join(root, 'scripts/check-import-cycles.mjs'), dir], { cwd: dir });
    expect(stdout).toContain('no import circles');
  });
});
