import { Refusal } from '../onnx/context';
import { sidesOf } from './poolHelpers';
import type { LayerContext, LayerHandler, Out } from './layerContext';

/** A Permute: channels moved to the width axis (our ChannelSlice's start), or channels first before a Flatten. */
export const permute: LayerHandler = ({ config: c, x, plain }) => {
  if (JSON.stringify(c.dims) === '[1,3,2]' && !x.helper && x.shape.length === 3) return { id: x.id, shape: x.shape, channelColumns: {} };
  if (JSON.stringify(c.dims) === '[1,2,4,3]') throw new Refusal('dims [1,2,4,3] map only in a ChannelShuffle (Reshape to H×W×groups×C/groups, this Permute, Reshape back)');
  if (JSON.stringify(c.dims) !== '[3,1,2]') throw new Refusal(`dims ${JSON.stringify(c.dims)}; only the channels-first permute before a Flatten maps`);
  return { ...plain(x), chw: true };
};

/** A Reshape to [1, 1, C] right after a GlobalAveragePooling2D: our GlobalAvgPool that keeps its dimensions. */
function keptDims({ design, x }: LayerContext, target: unknown): Out {
  const pooled = design.nodes.find((n) => n.id === x.id);
  const c = x.shape[0];
  if (pooled?.kind !== 'GlobalAvgPool' || pooled.params.keepDims || JSON.stringify(target) !== JSON.stringify([1, 1, c])) {
    throw new Refusal(`target_shape ${JSON.stringify(target)}; only [1, 1, C] right after a GlobalAveragePooling2D maps`);
  }
  return { id: x.id, shape: design.update(x.id, { keepDims: true }) };
}

/** A Reshape of a C×H×W map to [H, W, groups, C/groups]: the start of our export's ChannelShuffle. */
function shuffleStart(target: unknown, x: Out): Out | null {
  if (x.helper || x.shape.length !== 3 || !Array.isArray(target) || target.length !== 4) return null;
  const [c, h, w] = x.shape;
  const [th, tw, groups, size] = target as number[];
  if (th !== h || tw !== w || groups * size !== c) return null;
  return { id: x.id, shape: x.shape, shuffle: { groups, swapped: false } };
}

export const reshape: LayerHandler = (ctx) => shuffleStart(ctx.config.target_shape, ctx.x) ?? keptDims(ctx, ctx.config.target_shape);

/** The Permute [1, 2, 4, 3] and the Reshape back to [H, W, C] that finish a ChannelShuffle; anything else refuses. */
export const shuffleStep: LayerHandler = ({ layer, design, name, from, node }) => {
  const x = from[0];
  if (from.length !== 1 || !x.shuffle) throw new Refusal('takes a tensor that is half of a ChannelShuffle (a Reshape to H×W×groups×C/groups); only the shuffle\'s Permute and Reshape map there');
  const { groups, swapped } = x.shuffle;
  const [c, h, w] = x.shape;
  const c2 = layer.config;
  if (!swapped && layer.class_name === 'Permute' && JSON.stringify(c2.dims) === '[1,2,4,3]') return { ...x, shuffle: { groups, swapped: true } };
  if (swapped && layer.class_name === 'Reshape' && JSON.stringify(c2.target_shape) === JSON.stringify([h, w, c])) {
    return node(design.uniqueId(name), 'ChannelShuffle', { groups }, [{ id: x.id, shape: x.shape }]);
  }
  const expected = swapped ? `a Reshape to [${h}, ${w}, ${c}]` : 'a Permute with dims [1, 2, 4, 3]';
  throw new Refusal(`follows a Reshape to [${h}, ${w}, ${groups}, ${c / groups}]; expected ${expected} (a ChannelShuffle)`);
};

/** The Cropping2D of the width axis only and the Permute [1, 3, 2] back that finish our export's ChannelSlice. */
export const channelSliceStep: LayerHandler = ({ layer, design, name, from, node }) => {
  const x = from[0];
  if (from.length !== 1 || !x.channelColumns) throw new Refusal('takes channels moved to the width axis (a Permute [1, 3, 2]); only a ChannelSlice\'s Cropping2D and Permute back map there');
  const { cut } = x.channelColumns;
  const cfg = layer.config;
  const c = x.shape[0];
  if (!cut && layer.class_name === 'Cropping2D') {
    const [[top, bottom], [left, right]] = sidesOf(cfg.cropping, 'cropping');
    if (top === 0 && bottom === 0 && left + right < c) return { ...x, channelColumns: { cut: { start: left, channels: c - left - right } } };
  }
  if (cut && layer.class_name === 'Permute' && JSON.stringify(cfg.dims) === '[1,3,2]') return node(design.uniqueId(name), 'ChannelSlice', { ...cut }, [{ id: x.id, shape: x.shape }]);
  throw new Refusal(`follows channels moved to the width axis; expected ${cut ? 'the Permute [1, 3, 2] back' : 'a Cropping2D of the width axis only'} (a ChannelSlice)`);
};
