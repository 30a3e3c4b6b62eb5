import { getLayer } from '../../layers/catalog';
import { perAxis, resolveParams } from '../../layers/params';
import type { AxisPair } from '../../graph/types';
import type { DesignBuilder } from '../design';
import { moveWeights } from './primitiveLayers';

type Node = DesignBuilder['nodes'][number];

/** What a ConvBNReLU block's BatchNorm is: its eps (1e-3) and momentum (PyTorch's default), as the block declares them. */
function blockBatchNorm(): { eps: number; momentum: number } {
  const { bn } = blockParts('x', { filters: 1, kernel: 1, stride: 1, padding: 0, bias: false });
  const values = resolveParams(getLayer('BatchNorm')!.params, bn.params).values;
  return { eps: Number(values.eps), momentum: Number(values.momentum) };
}

/** The ConvBNReLU block `id` with these params, as its sub-nodes: the convolution and the BatchNorm. */
function blockParts(id: string, params: Node['params']) {
  const layer = getLayer('ConvBNReLU');
  if (!layer?.composite) throw new Error('ConvBNReLU is not a block');
  const subs = layer.expand(id, resolveParams(layer.params, params).values);
  return { conv: subs.find((s) => s.kind === 'Conv2D')!, bn: subs.find((s) => s.kind === 'BatchNorm')!, relu: subs.find((s) => s.kind === 'ReLU')! };
}

const near = (a: unknown, b: number) => typeof a === 'number' && Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const ones = (v: unknown) => perAxis((v ?? 1) as number | AxisPair).every((x) => x === 1);

/** A convolution a ConvBNReLU block can hold: no groups, no dilation. */
const plainConv = (n: Node | undefined): n is Node => n?.kind === 'Conv2D' && ones(n.params.dilation) && (n.params.groups ?? 1) === 1;

function readersOf(design: DesignBuilder): Map<string, string[]> {
  const readers = new Map<string, string[]>();
  for (const n of design.nodes) for (const x of n.inputs) readers.set(x, [...(readers.get(x) ?? []), n.id]);
  return readers;
}

/**
 * The fused block's id: P where the layers are already named as block P's parts (`P_conv`, `P_bn`, `P_relu`: an
 * exploded block), else the ReLU's (the exporter names it after torchvision's BasicConv2d module: `Mixed_5b_branch1x1`).
 */
function fusedId(conv: Node, bn: Node | null, relu: Node, params: Node['params']): string {
  const suffix = blockParts('', params).conv.id;
  if (conv.id.endsWith(suffix)) {
    const id = conv.id.slice(0, -suffix.length);
    const parts = blockParts(id, params);
    if (id && (bn === null || parts.bn.id === bn.id) && parts.relu.id === relu.id) return id;
  }
  return relu.id;
}

function blockParams(conv: Node, bias: boolean): Node['params'] {
  return { filters: conv.params.filters, kernel: conv.params.kernel, stride: conv.params.stride, padding: conv.params.padding, bias };
}

/**
 * Conv2D → BatchNorm → ReLU, each read only by the next, with the BatchNorm a ConvBNReLU block's (eps 1e-3 as
 * float32, momentum 0.1), becomes one ConvBNReLU named after the ReLU (torchvision's BasicConv2d module:
 * `Mixed_5b_branch1x1`), its weights in the block's layout. Returns how many were fused.
 */
export function fuseKeptBatchNorm(design: DesignBuilder): number {
  const { eps, momentum } = blockBatchNorm();
  const readers = readersOf(design);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const only = (id: string, reader: string) => (readers.get(id) ?? []).length === 1 && readers.get(id)![0] === reader;
  let fused = 0;
  for (const relu of [...design.nodes]) {
    if (relu.kind !== 'ReLU') continue;
    const bn = byId.get(relu.inputs[0]);
    if (bn?.kind !== 'BatchNorm' || !only(bn.id, relu.id) || !near(bn.params.eps, eps) || !near(bn.params.momentum ?? 0.1, momentum)) continue;
    const conv = byId.get(bn.inputs[0]);
    if (!plainConv(conv) || !only(conv.id, bn.id)) continue;
    const params = blockParams(conv, Boolean(conv.params.bias));
    const id = fusedId(conv, bn, relu, params);
    const parts = blockParts(id, params);
    design.replace(new Set([conv.id, bn.id, relu.id]), relu.id, { id, kind: 'ConvBNReLU', params, inputs: conv.inputs });
    moveWeights(design, new Map([[conv.id, parts.conv.id], [bn.id, parts.bn.id]]));
    fused++;
  }
  return fused;
}

/**
 * In a file whose BatchNorms the exporter folded into the convolutions, when every convolution is a biased
 * Conv2D read only by a ReLU (as in Inception-v3 and GoogLeNet, made of conv–BatchNorm–ReLU units), each
 * Conv2D → ReLU becomes a ConvBNReLU whose BatchNorm computes nothing yet: scale 1, shift = the folded bias,
 * mean 0, variance 1 − eps, so (x − 0) / √(1 − eps + eps) · 1 + bias = x + bias. Returns how many were fused
 * (0 when any convolution is not such a unit: ResNet's feed additions, and stay as they are).
 */
export function fuseFoldedBatchNorm(design: DesignBuilder): number {
  const readers = readersOf(design);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const convs = design.nodes.filter((n) => n.kind === 'Conv2D' || n.kind === 'DepthwiseConv2D');
  const reluOf = (conv: Node) => {
    const r = readers.get(conv.id) ?? [];
    return r.length === 1 && byId.get(r[0])?.kind === 'ReLU' ? byId.get(r[0])! : null;
  };
  if (!convs.length || !convs.every((c) => plainConv(c) && c.params.bias === true && reluOf(c))) return 0;
  const { eps } = blockBatchNorm();
  for (const conv of convs) {
    const relu = reluOf(conv)!;
    const params = blockParams(conv, false);
    const id = fusedId(conv, null, relu, params);
    const parts = blockParts(id, params);
    const bias = design.weights.get(`${conv.id}/bias`);
    if (!bias) throw new Error(`no bias for ${conv.id}`);
    design.weights.delete(`${conv.id}/bias`);
    design.replace(new Set([conv.id, relu.id]), relu.id, { id, kind: 'ConvBNReLU', params, inputs: conv.inputs });
    moveWeights(design, new Map([[conv.id, parts.conv.id]]));
    const channels = [bias.data.length];
    design.weights.set(`${parts.bn.id}/gamma`, { shape: channels, data: new Float32Array(bias.data.length).fill(1) });
    design.weights.set(`${parts.bn.id}/beta`, bias);
    design.weights.set(`${parts.bn.id}/moving_mean`, { shape: channels, data: new Float32Array(bias.data.length) });
    design.weights.set(`${parts.bn.id}/moving_variance`, { shape: channels, data: new Float32Array(bias.data.length).fill(1 - eps) });
  }
  return convs.length;
}
