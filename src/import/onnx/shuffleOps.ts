import { Refusal, type OpHandler } from './context';
import { reshape as flatteningReshape } from './shapeOps';
import { transpose as layoutTranspose } from './channelsLastOps';
import { constantTranspose } from './denseOps';

/**
 * ShuffleNet's channel shuffle as torchvision writes it: Reshape N×C×H×W to [N, g, C/g, H, W], Transpose perm
 * [0, 2, 1, 3, 4], Reshape back to [N, C, H, W]. The first two only mark the value; the last adds ChannelShuffle.
 */
export const reshape: OpHandler = (ctx) => {
  const raw = ctx.input(0);
  const target = ctx.input(1)?.type === 'const' ? ctx.constInput(1).ints ?? [] : [];
  const batchOk = [1, 0, -1].includes(target[0]);
  if (raw?.type === 'node' && raw.shuffle) {
    const [c, h, w] = raw.shape;
    const back = target.length === 4 && batchOk && (target[1] === c || target[1] === -1) && target[2] === h && target[3] === w;
    if (!raw.shuffle.swapped || !back) {
      throw new Refusal(`reshape to [${target.join(', ')}] of a ${raw.shuffle.swapped ? 'swapped ' : ''}channel grouping: only the channel shuffle (the Transpose perm [0, 2, 1, 3, 4], then a Reshape to [N, ${c}, ${h}, ${w}]) maps`);
    }
    const id = ctx.design.uniqueId(ctx.node.name || 'shuffle');
    const shape = ctx.design.add(id, 'ChannelShuffle', { groups: raw.shuffle.groups }, [raw.id]);
    return ctx.setOutput(0, { type: 'node', id, shape });
  }
  if (raw?.type === 'node' && !raw.channelsLast && raw.shape.length === 3 && target.length === 5 && batchOk) {
    const [c, h, w] = raw.shape;
    const [, groups, given, th, tw] = target;
    const size = given === -1 && groups > 0 ? c / groups : given;
    if (groups > 0 && groups * size === c && th === h && tw === w) {
      return ctx.setOutput(0, { type: 'node', id: raw.id, shape: raw.shape, shuffle: { groups, swapped: false } });
    }
  }
  flatteningReshape(ctx);
};

export const transpose: OpHandler = (ctx) => {
  const raw = ctx.input(0);
  if (raw?.type === 'const') return constantTranspose(ctx, raw.tensor);
  if (raw?.type !== 'node' || !raw.shuffle) return layoutTranspose(ctx);
  const perm = ctx.attrs.ints('perm', []).join(',');
  if (raw.shuffle.swapped || perm !== '0,2,1,3,4') {
    throw new Refusal(`perm [${perm}] of a channel grouping: only [0, 2, 1, 3, 4] once (a channel shuffle) maps`);
  }
  ctx.setOutput(0, { ...raw, shuffle: { groups: raw.shuffle.groups, swapped: true } });
};
