import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPreset } from '../graph/presets';
import type { GraphDoc } from '../graph/types';
import { inferGraph } from '../shapes/infer';
import { CodegenError, generateTorchModule } from './codegen';
import { torchInstalled } from '../testing/installs';
import { needs } from '../testing/requirements';
import { detectTorch } from './detect';
import { pythonAssetsDir } from './paths';
import { z } from 'zod';
import { runToolsInOneProcess } from './testing/toolsInOneProcess';
import { graphOf, zooGraph } from './testing/graphs';

const torch = await detectTorch();

describe('generateTorchModule', () => {
  it('gives byte-identical text for the same design', () => {
    for (const name of ['googlenet-96', 'googlenet', 'small-cnn']) {
      expect(generateTorchModule(loadPreset(name)).code).toBe(generateTorchModule(loadPreset(name)).code);
    }
    expect(generateTorchModule(zooGraph()).code).toBe(generateTorchModule(zooGraph()).code);
  });

  it('writes the seed tutorial\'s conv_relu and inception, and a Net in topological order', () => {
    const { code, attributes } = generateTorchModule(loadPreset('googlenet-96'));
    expect(code).toContain('def conv_relu(in_channel, out_channel, kernel, stride=1, padding=0):');
    expect(code).toContain('nn.BatchNorm2d(out_channel, eps=1e-3)');
    expect(code).toContain('class inception(nn.Module):');
    expect(code).toContain('def __init__(self, in_channel, out1_1, out2_1, out2_3, out3_1, out3_5, out4_1):');
    expect(code).toContain('self.conv1 = conv_relu(3, 64, 7, stride=2, padding=3)');
    expect(code).toContain('self.inception3a = inception(192, 64, 96, 128, 16, 32, 32)');
    expect(code).toContain('self.avgpool = nn.AvgPool2d(2)');
    expect(code).toContain('x = torch.flatten(x, 1)  # 1024');
    expect(code).toContain('x = self.pool1(x)  # 64×23×23');
    expect(attributes.inception5b).toBe('inception5b');
    const lines = code.split('\n');
    const first = lines.findIndex((l) => l.includes('x = self.conv1(x)'));
    const last = lines.findIndex((l) => l.includes('x = self.fc(x)'));
    expect(first).toBeGreaterThan(0);
    expect(last).toBeGreaterThan(first);
  });

  it('pools with ceil_mode and adaptive average where googlenet asks for them', () => {
    const { code } = generateTorchModule(loadPreset('googlenet'));
    expect(code).toContain('self.pool1 = nn.MaxPool2d(3, stride=2, ceil_mode=True)');
    expect(code).toContain('x = x.mean((2, 3))  # 1024');
    expect(code).toContain('self.dropout = nn.Dropout(0.4)');
  });

  it('keeps ids that clash with Python or nn.Module usable, and marks where each node is computed', () => {
    const m = generateTorchModule(zooGraph());
    expect(m.attributes).toMatchObject({ train: 'train_', class: 'class_', type: 'type_', x: 'x' });
    expect(m.code).toContain('self.same = nn.Conv2d(12, 12, 4, padding=\'same\')');
    expect(m.code).toContain('nn.AvgPool2d(3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)');
    expect(m.code).toContain('self.bn1 = nn.BatchNorm1d(7)');
    expect(m.code).toContain('if not self.training and self.probabilities:');
    const lines = m.code.split('\n');
    for (const entry of m.forward) expect(lines[entry.line - 1]).toContain(`${entry.variable} = `);
    expect(m.softmaxAtInference).toBe(true);
  });

  it('maps every weight between the engines\' names', () => {
    const { tensors } = generateTorchModule(loadPreset('googlenet-96'));
    const byTorch = new Map(tensors.map((t) => [t.torch, t]));
    expect(byTorch.get('inception3a.branch3x3.0.0.weight')).toMatchObject({ tfjs: 'inception3a_b2_reduce_conv/kernel', layout: 'conv', shape: [96, 192, 1, 1] });
    expect(byTorch.get('inception3a.branch_pool.1.1.running_var')).toMatchObject({ tfjs: 'inception3a_b4_bn/moving_variance', trainable: false });
    expect(byTorch.get('fc.weight')).toMatchObject({ tfjs: 'fc/kernel', layout: 'dense', shape: [10, 1024] });
    const trainable = tensors.filter((t) => t.trainable).reduce((n, t) => n + t.shape.reduce((a, b) => a * b, 1), 0);
    expect(trainable).toBe(inferGraph(loadPreset('googlenet-96')).totals.trainable);
  });

  it('matches the pre-generated preset modules in assets/python/examples (INCEPTION_UPDATE_EXAMPLES=1 rewrites them)', async () => {
    // The GPU check and the benchmark use these where Node is not installed.
    for (const name of ['googlenet-96', 'googlenet', 'small-cnn']) {
      const file = path.join(pythonAssetsDir(), 'examples', `${name}.py`);
      const code = generateTorchModule(loadPreset(name)).code;
      if (process.env.INCEPTION_UPDATE_EXAMPLES === '1') await writeFile(file, code);
      expect(await readFile(file, 'utf8'), `${file} is stale`).toBe(code);
    }
  });

  it('refuses a design with errors, naming the node', () => {
    const broken: GraphDoc = graphOf('broken', [
      ['input', 'Input', { height: 4, width: 4, channels: 1 }, []],
      ['c', 'Conv2D', { filters: 2, kernel: 7 }, ['input']],
    ]);
    expect(() => generateTorchModule(broken)).toThrow(CodegenError);
    expect(() => generateTorchModule(broken)).toThrow(/node c, kernel: /);
  });
});

describe.runIf(needs(torchInstalled(torch)))('the generated module in PyTorch', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('has inspect\'s parameter counts and the inferred shape at every node', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'codegen-'));
    const designs: [string, GraphDoc][] = [['googlenet-96', loadPreset('googlenet-96')], ['googlenet', loadPreset('googlenet')], ['zoo', zooGraph()]];
    const probes = await runToolsInOneProcess(torch.python!, await Promise.all(designs.map(async ([name, graph]) => {
      const m = generateTorchModule(graph);
      const net = path.join(dir, `${name}.py`);
      const map = path.join(dir, `${name}.json`);
      await writeFile(net, m.code);
      await writeFile(map, JSON.stringify(m.forward));
      return ['probe', net, '--forward-map', map];
    })));
    const answer = z.object({ trainable: z.number(), statistics: z.number(), shapes: z.record(z.string(), z.array(z.number())), output: z.array(z.number()) });
    designs.forEach(([name, graph], i) => {
      const probe = answer.parse(probes[i]);
      const inference = inferGraph(graph);
      expect(probe.trainable, name).toBe(inference.totals.trainable);
      expect(probe.statistics, name).toBe(inference.totals.nonTrainable);
      for (const id of inference.order) {
        if (graph.nodes.find((n) => n.id === id)!.kind === 'Input') continue;
        expect(probe.shapes[id], `${name}: ${id}`).toEqual(inference.nodes.get(id)!.shape);
      }
      expect(probe.output).toEqual(inference.output);
    });
  }, 180_000);
});
