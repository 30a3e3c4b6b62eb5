import { getLayer } from '../layers/catalog';
import { resolveParams, type ParamValue } from '../layers/params';
import { incomingEdges } from '../graph/topo';
import type { GraphDoc } from '../graph/types';
import { expandGraph } from '../shapes/expand';
import { evaluateNode, inferGraph } from '../shapes/infer';
import { formatShape, type Shape } from '../shapes/shape';
import { attributeNames, localNames } from './names';

/** Thrown for a design that cannot become PyTorch code; `errors` name node and field. */
export class CodegenError extends Error {
  constructor(readonly errors: { nodeId: string | null; field: string | null; message: string }[]) {
    super(`the design has ${errors.length} error(s): ${errors.slice(0, 3).map((e) => `${e.nodeId ?? 'design'}${e.field ? `.${e.field}` : ''}: ${e.message}`).join('; ')}`);
  }
}

/** How a weight tensor is laid out in each engine. */
export type TensorLayout =
  /** Conv kernel: PyTorch OIHW, TF.js HWIO. */
  | 'conv'
  /** Dense kernel: PyTorch [out, in], TF.js [in, out]. */
  | 'dense'
  /** Same in both (biases, BatchNorm vectors). */
  | 'vector'
  /** PyTorch-only int64 scalar (`num_batches_tracked`); TF.js has no counterpart. */
  | 'counter';

/** One tensor of the model in both engines' naming. */
export interface TensorMapping {
  /** The PyTorch `state_dict` key, e.g. `inception3a.branch3x3.0.0.weight`. */
  torch: string;
  /** The TF.js weight name, e.g. `inception3a_b2_reduce_conv/kernel`; null for PyTorch-only tensors. */
  tfjs: string | null;
  layout: TensorLayout;
  /** Shape in PyTorch's layout. */
  shape: number[];
  /** False for BatchNorm statistics. */
  trainable: boolean;
}

/** A generated module and what the other parts of the engine need to know about it. */
export interface TorchModule {
  /** The Python source: deterministic for a given design. */
  code: string;
  /** `self.<attribute>` of each design node that owns a module. */
  attributes: Record<string, string>;
  /** For each node except Input: the 1-based line that assigns its output, and the variable assigned. */
  forward: { nodeId: string; variable: string; line: number }[];
  tensors: TensorMapping[];
  /** C, H, W. */
  inputShape: [number, number, number];
  outputShape: number[];
  /** True when the design ends in an Output node: `forward` returns probabilities in eval mode. */
  softmaxAtInference: boolean;
}

const SEED_CONV_RELU = `def conv_relu(in_channel, out_channel, kernel, stride=1, padding=0):
    layer = nn.Sequential(
        nn.Conv2d(in_channel, out_channel, kernel, stride, padding),
        nn.BatchNorm2d(out_channel, eps=1e-3),
        nn.ReLU(True),
    )
    return layer`;

const SEED_INCEPTION = `class inception(nn.Module):
    def __init__(self, in_channel, out1_1, out2_1, out2_3, out3_1, out3_5, out4_1):
        super(inception, self).__init__()
        self.branch1x1 = conv_relu(in_channel, out1_1, 1)

        self.branch3x3 = nn.Sequential(
            conv_relu(in_channel, out2_1, 1),
            conv_relu(out2_1, out2_3, 3, padding=1),
        )

        self.branch5x5 = nn.Sequential(
            conv_relu(in_channel, out3_1, 1),
            conv_relu(out3_1, out3_5, 5, padding=2),
        )

        self.branch_pool = nn.Sequential(
            nn.MaxPool2d(3, stride=1, padding=1),
            conv_relu(in_channel, out4_1, 1),
        )

    def forward(self, x):
        f1 = self.branch1x1(x)
        f2 = self.branch3x3(x)
        f3 = self.branch5x5(x)
        f4 = self.branch_pool(x)
        output = torch.cat((f1, f2, f3, f4), dim=1)
        return output`;

/**
 * Where each part of a composite block lives inside the module the code gives it, by the sub-node id
 * suffix of the block's expansion (`src/layers/*.ts`): `conv_relu` is Sequential(conv, bn, relu), and
 * the seed's `inception` has branch1x1, branch3x3, branch5x5 and branch_pool.
 */
const COMPOSITE_PATHS: Record<string, Record<string, string>> = {
  ConvBNReLU: { conv: '0', bn: '1', relu: '2' },
  Inception: {
    b1: 'branch1x1',
    b2_reduce: 'branch3x3.0',
    b2: 'branch3x3.1',
    b3_reduce: 'branch5x5.0',
    b3: 'branch5x5.1',
    b4_pool: 'branch_pool.0',
    b4: 'branch_pool.1',
    concat: '',
  },
};

/** A JS number as a Python float literal (`0.001`, `1e-07` style is accepted too). */
function pyFloat(v: number): string {
  const s = String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

const pyPadding = (p: ParamValue): string => (p === 'same' ? ", padding='same'" : Number(p) > 0 ? `, padding=${p}` : '');
const strideArg = (stride: number, none: number) => (stride !== none ? `, stride=${stride}` : '');

/** The constructor expression of a node's module, or null for nodes computed inline in `forward`. */
function moduleExpression(kind: string, p: Record<string, ParamValue>, input: Shape | undefined): string | null {
  const cin = input?.[0] ?? 0;
  switch (kind) {
    case 'Conv2D':
      return `nn.Conv2d(${cin}, ${p.filters}, ${p.kernel}${strideArg(p.stride as number, 1)}${pyPadding(p.padding)}` +
        `${p.dilation !== 1 ? `, dilation=${p.dilation}` : ''}${p.bias ? '' : ', bias=False'})`;
    case 'ConvBNReLU':
      return `conv_relu(${cin}, ${p.filters}, ${p.kernel}${strideArg(p.stride as number, 1)}${pyPadding(p.padding)})`;
    case 'Inception':
      return `inception(${cin}, ${p.out1x1}, ${p.reduce3x3}, ${p.out3x3}, ${p.reduce5x5}, ${p.out5x5}, ${p.poolProj})`;
    case 'MaxPool':
    case 'AvgPool':
      return `nn.${kind === 'MaxPool' ? 'MaxPool2d' : 'AvgPool2d'}(${p.kernel}${strideArg(p.stride as number, p.kernel as number)}` +
        `${Number(p.padding) > 0 ? `, padding=${p.padding}` : ''}${p.ceilMode ? ', ceil_mode=True' : ''}` +
        `${kind === 'AvgPool' && !p.countIncludePad ? ', count_include_pad=False' : ''})`;
    case 'BatchNorm':
      return `nn.BatchNorm${input?.length === 3 ? '2d' : '1d'}(${cin}${p.eps !== 1e-5 ? `, eps=${pyFloat(p.eps as number)}` : ''}` +
        `${p.momentum !== 0.1 ? `, momentum=${pyFloat(p.momentum as number)}` : ''})`;
    case 'ReLU':
      return 'nn.ReLU()';
    case 'Dropout':
      return `nn.Dropout(${pyFloat(p.rate as number)})`;
    case 'Dense':
      return `nn.Linear(${cin}, ${p.units}${p.bias ? '' : ', bias=False'})`;
    default:
      return null;
  }
}

/** The expression a node computes from its input variables, for nodes without a module. */
function inlineExpression(kind: string, inputs: string[]): string {
  switch (kind) {
    case 'Flatten':
      return `torch.flatten(${inputs[0]}, 1)`;
    case 'GlobalAvgPool':
      return `${inputs[0]}.mean((2, 3))`;
    case 'Concat':
      return `torch.cat((${inputs.join(', ')}${inputs.length === 1 ? ',' : ''}), dim=1)`;
    case 'Add':
      return inputs.join(' + ');
    case 'Output':
      return `torch.softmax(${inputs[0]}, dim=1)`;
    default:
      throw new Error(`no PyTorch code for layer kind "${kind}"`);
  }
}

const docText = (s: string) => s.replace(/[\\"]/g, '').replace(/\s+/g, ' ').trim();

/**
 * Turns a design into one readable Python module in the seed tutorial's style: the `conv_relu`
 * helper and `inception` class where the design uses them, and a `Net(nn.Module)` whose `__init__`
 * and `forward` follow the design in topological order, with attributes named after node ids.
 * The same design always gives the same text.
 * @example const { code } = generateTorchModule(loadPreset('googlenet-96'));
 * @throws CodegenError when the design has shape or structure errors.
 */
export function generateTorchModule(graph: Pick<GraphDoc, 'nodes' | 'edges' | 'name'>): TorchModule {
  const inference = inferGraph(graph);
  if (inference.errors.length) throw new CodegenError(inference.errors);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const incoming = incomingEdges(graph);
  const order = inference.order;
  const sink = inference.outputNodeId!;
  const params = (id: string) => {
    const node = byId.get(id)!;
    return resolveParams(getLayer(node.kind)!.params, node.params).values as Record<string, ParamValue>;
  };
  const kinds = new Set(graph.nodes.map((n) => n.kind));
  const inputNode = graph.nodes.find((n) => n.kind === 'Input')!;
  const inputShape = inference.nodes.get(inputNode.id)!.shape as [number, number, number];
  const outputShape = [...inference.output!];

  // Module attributes, in order.
  const attrs = attributeNames();
  const attributes: Record<string, string> = {};
  const init: string[] = [];
  for (const id of order) {
    const node = byId.get(id)!;
    const expr = moduleExpression(node.kind, params(id), inference.nodes.get(id)!.inputShapes[0] ?? undefined);
    if (expr === null) continue;
    attributes[id] = attrs.name(id);
    init.push(`        self.${attributes[id]} = ${expr}`);
  }

  // Forward variables: `x` for a value that only the next line uses, the node's name otherwise.
  const locals = localNames();
  const outgoing = new Map<string, string[]>(order.map((id) => [id, []]));
  for (const e of graph.edges) outgoing.get(e.source)?.push(e.target);
  const variable = new Map<string, string>();
  const softmaxAtInference = byId.get(sink)!.kind === 'Output';
  const header = headerLines(graph.name, kinds, inputShape, outputShape, softmaxAtInference);
  const body: string[] = [];
  const forward: TorchModule['forward'] = [];
  const classLines = classPreamble(graph.name, softmaxAtInference);
  const initLines = ['    def __init__(self):', '        super(Net, self).__init__()', ...init, ''];
  // The 1-based line of `def forward`: after the header, two blank lines, the class preamble and __init__.
  const forwardStart = header.length + 2 + classLines.length + initLines.length + 1;
  for (let i = 0; i < order.length; i++) {
    const id = order[i];
    const node = byId.get(id)!;
    const ins = (incoming.get(id) ?? []).map((e) => variable.get(e.source)!);
    const outs = outgoing.get(id)!;
    const chained = id === sink || (outs.length === 1 && outs[0] === order[i + 1]);
    if (node.kind === 'Input') {
      const name = chained ? 'x' : locals.name(id);
      variable.set(id, name);
      if (name !== 'x') body.push(`        ${name} = x`);
      continue;
    }
    const shape = `  # ${formatShape(inference.nodes.get(id)!.shape!)}`;
    if (node.kind === 'Output' && id === sink) {
      // Training takes the logits (nn.CrossEntropyLoss applies log-softmax itself); eval mode gives probabilities.
      variable.set(id, ins[0]);
      body.push('        if not self.training and self.probabilities:');
      body.push(`            ${ins[0]} = ${inlineExpression('Output', ins)}${shape}`);
      forward.push({ nodeId: id, variable: ins[0], line: forwardStart + body.length });
      continue;
    }
    const name = chained ? 'x' : locals.name(id);
    variable.set(id, name);
    const expr = attributes[id] ? `self.${attributes[id]}(${ins[0]})` : inlineExpression(node.kind, ins);
    body.push(`        ${name} = ${expr}${shape}`);
    forward.push({ nodeId: id, variable: name, line: forwardStart + body.length });
  }
  body.push(`        return ${variable.get(sink)}`);

  const code = [
    ...header,
    '',
    '',
    ...classLines,
    ...initLines,
    '    def forward(self, x):',
    ...body,
    '',
    '',
    'if __name__ == "__main__":',
    '    net = Net().eval()',
    '    print(net)',
    '    print("output shape:", tuple(net(torch.zeros(1, *INPUT_SHAPE)).shape))',
    '',
  ].join('\n');

  return { code, attributes, forward, tensors: tensorMappings(graph, attributes), inputShape, outputShape, softmaxAtInference };
}

function headerLines(name: string, kinds: Set<string>, input: Shape, output: Shape, softmax: boolean): string[] {
  const lines = [
    `"""${docText(name) || 'Network'}: PyTorch code generated by Inception Studio from the design.`,
    '',
    `Input: ${formatShape(input)} images (channels first); output: ${formatShape(output)} ${softmax ? 'scores' : 'values'} per image.`,
    'Layer names follow the design\'s node ids, so weights move between the PyTorch and TF.js engines.',
    '"""',
    'import torch',
    'from torch import nn',
    '',
    `DESIGN_NAME = ${JSON.stringify(name)}`,
    `INPUT_SHAPE = (${input.join(', ')})`,
    `NUM_OUTPUTS = ${output.length === 1 ? output[0] : `(${output.join(', ')})`}`,
  ];
  if (kinds.has('ConvBNReLU') || kinds.has('Inception')) lines.push('', '', ...SEED_CONV_RELU.split('\n'));
  if (kinds.has('Inception')) lines.push('', '', ...SEED_INCEPTION.split('\n'));
  return lines;
}

function classPreamble(name: string, softmax: boolean): string[] {
  const lines = ['class Net(nn.Module):', `    """${docText(name) || 'Network'}, in the design's topological order."""`, ''];
  if (softmax) {
    lines.push(
      '    # The Output node: softmax in eval mode only. Training uses the logits with nn.CrossEntropyLoss;',
      '    # set `net.probabilities = False` to get logits in eval mode too.',
      '    probabilities = True',
      '',
    );
  }
  return lines;
}

/** Every weight tensor with its PyTorch key, its TF.js name and layout, in the order of the design. */
function tensorMappings(graph: Pick<GraphDoc, 'nodes' | 'edges'>, attributes: Record<string, string>): TensorMapping[] {
  const { nodes } = expandGraph(graph);
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.kind]));
  const shapes = new Map<string, Shape>();
  const out: TensorMapping[] = [];
  for (const prim of nodes) {
    const inputs = prim.inputs.map((id) => shapes.get(id)!);
    shapes.set(prim.id, evaluateNode(prim.kind, prim.params, inputs, prim.id).shape);
    const path = modulePath(prim.id, prim.origin, kindOf.get(prim.origin)!, attributes[prim.origin]);
    const cin = inputs[0]?.[0] ?? 0;
    const p = prim.params;
    const add = (suffix: string, tfjs: string | null, layout: TensorLayout, shape: number[], trainable = true) =>
      out.push({ torch: `${path}.${suffix}`, tfjs: tfjs && `${prim.id}/${tfjs}`, layout, shape, trainable });
    if (prim.kind === 'Conv2D') {
      const k = p.kernel as number;
      add('weight', 'kernel', 'conv', [p.filters as number, cin, k, k]);
      if (p.bias) add('bias', 'bias', 'vector', [p.filters as number]);
    } else if (prim.kind === 'Dense') {
      add('weight', 'kernel', 'dense', [p.units as number, cin]);
      if (p.bias) add('bias', 'bias', 'vector', [p.units as number]);
    } else if (prim.kind === 'BatchNorm') {
      add('weight', 'gamma', 'vector', [cin]);
      add('bias', 'beta', 'vector', [cin]);
      add('running_mean', 'moving_mean', 'vector', [cin], false);
      add('running_var', 'moving_variance', 'vector', [cin], false);
      add('num_batches_tracked', null, 'counter', [], false);
    }
  }
  return out;
}

/** The dotted module path of a primitive layer, from its design node's attribute and the block layouts. */
function modulePath(primId: string, origin: string, originKind: string, attribute: string): string {
  if (primId === origin) return attribute;
  let rest = primId.slice(origin.length + 1);
  let kind = originKind;
  const parts = [attribute];
  while (rest) {
    const table = COMPOSITE_PATHS[kind];
    if (!table) throw new Error(`node ${origin}: no module layout for the parts of ${kind}`);
    const key = Object.keys(table).sort((a, b) => b.length - a.length).find((k) => rest === k || rest.startsWith(`${k}_`));
    if (key === undefined) throw new Error(`node ${origin}: unexpected part ${primId} of ${kind}`);
    if (table[key]) parts.push(table[key]);
    rest = rest.slice(key.length + 1);
    // The parts of an Inception branch are conv_relu blocks.
    kind = 'ConvBNReLU';
  }
  return parts.join('.');
}
