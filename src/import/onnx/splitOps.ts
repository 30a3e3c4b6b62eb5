import { Refusal, type OpContext, type OpHandler } from './context';

const ints = (ctx: OpContext, i: number, what: string): number[] => {
  const t = ctx.constInput(i);
  if (!t.ints) throw new Refusal(`${what} must be integers`);
  return t.ints;
};

function channelSlice(ctx: OpContext, x: { id: string }, output: number, start: number, channels: number): void {
  const id = ctx.design.uniqueId(`${ctx.node.name || 'split'}_${output}`);
  const shape = ctx.design.add(id, 'ChannelSlice', { start, channels }, [x.id]);
  ctx.setOutput(output, { type: 'node', id, shape });
}

/** A Split of the channels (axis 1, e.g. torch's `chunk(2, dim=1)`): one ChannelSlice per output that is read. */
export const split: OpHandler = (ctx) => {
  const x = ctx.nodeInput(0);
  const axis = ctx.attrs.int('axis', 0);
  if (x.shape.length !== 3 || (axis !== 1 && axis !== -3)) throw new Refusal(`axis ${axis} of a ${x.shape.join('×')} tensor; only splitting the channels (axis 1) of a C×H×W map maps`);
  const c = x.shape[0];
  const outputs = (ctx.node.output ?? []).length;
  const sizes = ctx.input(1) ? ints(ctx, 1, 'split') : ctx.attrs.has('split') ? ctx.attrs.ints('split', []) : Array<number>(outputs).fill(c / outputs);
  if (sizes.length !== outputs || sizes.some((s) => !Number.isInteger(s) || s < 1) || sizes.reduce((a, b) => a + b, 0) !== c) {
    throw new Refusal(`parts [${sizes.join(', ')}] for ${outputs} output(s); expected whole sizes that add up to the ${c} channels`);
  }
  let start = 0;
  sizes.forEach((size, i) => {
    if (ctx.readersOf(i) > 0) channelSlice(ctx, x, i, start, size);
    start += size;
  });
};

/** A Slice of the channels (axis 1, step 1): a ChannelSlice. */
export const slice: OpHandler = (ctx) => {
  const x = ctx.nodeInput(0);
  const [starts, ends] = [ints(ctx, 1, 'starts'), ints(ctx, 2, 'ends')];
  const axes = ctx.input(3) ? ints(ctx, 3, 'axes') : starts.map((_, i) => i);
  const steps = ctx.input(4) ? ints(ctx, 4, 'steps') : starts.map(() => 1);
  const channelAxis = x.shape.length === 3 && axes.length === 1 && (axes[0] === 1 || axes[0] === -3);
  if (!channelAxis || steps[0] !== 1) throw new Refusal(`axes [${axes.join(', ')}], steps [${steps.join(', ')}]; only a run of channels (axis 1, step 1) of a C×H×W map maps`);
  const c = x.shape[0];
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + c : v, 0), c);
  const [start, end] = [clamp(starts[0]), clamp(ends[0])];
  if (end <= start) throw new Refusal(`channels ${starts[0]} to ${ends[0]} of ${c}: empty`);
  channelSlice(ctx, x, 0, start, end - start);
};
