import { getLayer } from '../layers/catalog';
import type { LayerDef, PrimitiveLayer } from '../layers/define';
import { resolveParams } from '../layers/params';
import type { TorchHelper } from '../layers/torchSide';
import { incomingEdges } from '../graph/topo';
import type { GraphDoc, ParamValue } from '../graph/types';
import { expandGraph } from '../shapes/expand';
import { evaluateNode, inferGraph } from '../shapes/infer';
import { formatShape, type Shape } from '../shapeMath/shape';
import { attributeNames, localNames } from './names';
import { formatGraphErrors, type GraphError } from '../contract/graphErrors';

/** Thrown for a design that cannot become PyTorch code; `errors` name node and field. */
export class CodegenError extends Error {
  constructor(readonly errors: GraphError[]) {
    super(`the design has ${errors.length} error(s): ${formatGraphErrors(errors)}`);
  }
}

/** One tensor of the model in both engines' naming. */
export interface TensorMapping {
  /** The PyTorch `state_dict` key, e.g. `inception3a.branch3x3.0.0.weight`. */
  torch: string;
  /** The TF.js weight name, e.g. `inception3a_b2_reduce_conv/kernel`; null for PyTorch-only tensors. */
  tfjs: string | null;
  /** The name of its layout (`src/layers/torchSide.ts`): `conv`, `dense`, `depthwise`, `vector`, `counter`. */
  layout: string;
  /** Shape in PyTorch's layout. */
  shape: number[];
  /** The TF.js tensor is PyTorch's data viewed as `view` (row-major), its axes taken in `order`. */
  tfjsAxes: { view: number[]; order: number[] };
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

/** A design node's layer with its resolved params. */
function layerOf(kind: string, raw: Readonly<Record<string, ParamValue>>): { layer: LayerDef; params: Record<string, ParamValue> } {
  const layer = getLayer(kind)!;
  return { layer, params: resolveParams(layer.params, raw).values as Record<string, ParamValue> };
}

/** The constructor expression of a node's module, or null for nodes computed inline in `forward`. */
function moduleExpression(layer: LayerDef, params: Record<string, ParamValue>, inputs: readonly Shape[]): string | null {
  if (layer.composite) return layer.torch.module(inputs, params);
  return 'module' in layer.torch ? layer.torch.module(inputs, params) : null;
}

/** The expression a node computes from its input variables, for nodes without a module. */
function inlineExpression(layer: LayerDef, params: Record<string, ParamValue>, args: readonly string[]): string {
  if (!layer.composite && 'inline' in layer.torch) return layer.torch.inline(args, params);
  throw new Error(`no PyTorch code for layer kind "${layer.kind}"`);
}

/** How `forward` calls a node's module: `self.conv1(x)`, or the layer's own `call`. */
function callExpression(layer: LayerDef, module: string, input: string, inputShape: Shape | null | undefined): string {
  if (!layer.composite && 'call' in layer.torch && layer.torch.call && inputShape) return layer.torch.call(module, input, [inputShape]);
  return `${module}(${input})`;
}

/** The helper definitions a block needs, those of the blocks in its expansion first. */
function helpersOf(id: string, layer: LayerDef, params: Record<string, ParamValue>): TorchHelper[] {
  if (!layer.composite) return [];
  const inner = layer.expand(id, params).flatMap((sub) => {
    const part = layerOf(sub.kind, sub.params);
    return helpersOf(sub.id, part.layer, part.params);
  });
  const used = layer.torch.helpersUsed?.(params);
  return [...inner, ...layer.torch.helpers.filter((h) => !used || used.includes(h.name))];
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
  const resolved = new Map(graph.nodes.map((n) => [n.id, layerOf(n.kind, n.params)]));
  const helpers = new Map<string, TorchHelper>();
  for (const id of order) {
    const { layer, params } = resolved.get(id)!;
    for (const helper of helpersOf(id, layer, params)) if (!helpers.has(helper.name)) helpers.set(helper.name, helper);
  }
  const inputNode = graph.nodes.find((n) => n.kind === 'Input')!;
  const inputShape = inference.nodes.get(inputNode.id)!.shape as [number, number, number];
  const outputShape = [...inference.output!];

  // Module attributes, in order.
  const attrs = attributeNames();
  const attributes: Record<string, string> = {};
  const init: string[] = [];
  for (const id of order) {
    const { layer, params } = resolved.get(id)!;
    const expr = moduleExpression(layer, params, inference.nodes.get(id)!.inputShapes as Shape[]);
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
  const header = headerLines(graph.name, [...helpers.values()], inputShape, outputShape, softmaxAtInference);
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
      body.push(`            ${ins[0]} = ${inlineExpression(resolved.get(id)!.layer, resolved.get(id)!.params, ins)}${shape}`);
      forward.push({ nodeId: id, variable: ins[0], line: forwardStart + body.length });
      continue;
    }
    const name = chained ? 'x' : locals.name(id);
    variable.set(id, name);
    const expr = attributes[id] ? callExpression(resolved.get(id)!.layer, `self.${attributes[id]}`, ins[0], (inference.nodes.get(id)!.inputShapes as Shape[])[0]) : inlineExpression(resolved.get(id)!.layer, resolved.get(id)!.params, ins);
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

function headerLines(name: string, helpers: readonly TorchHelper[], input: Shape, output: Shape, softmax: boolean): string[] {
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
  for (const helper of helpers) lines.push('', '', ...helper.code.split('\n'));
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
  const shapes = new Map<string, Shape>();
  const out: TensorMapping[] = [];
  for (const prim of expandGraph(graph).nodes) {
    const inputs = prim.inputs.map((id) => shapes.get(id)!);
    shapes.set(prim.id, evaluateNode(prim.kind, prim.params, inputs, prim.id).shape);
    const { torch } = getLayer(prim.kind) as PrimitiveLayer;
    if (!('module' in torch) || !torch.tensors) continue;
    const path = [attributes[prim.origin], ...prim.torchPath].join('.');
    for (const t of torch.tensors(inputs, prim.params)) {
      out.push({
        torch: `${path}.${t.torch}`,
        tfjs: t.tfjs && `${prim.id}/${t.tfjs}`,
        layout: t.layout.name,
        shape: t.shape,
        tfjsAxes: { view: t.layout.view?.(t.shape) ?? [...t.shape], order: [...t.layout.order] },
        trainable: t.trainable ?? true,
      });
    }
  }
  return out;
}
