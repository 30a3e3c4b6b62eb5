/** A graph for layout tests: nodes in document order, edges with ids and input slots. */
export interface TestGraph {
  nodes: { id: string }[];
  edges: { id: string; source: string; target: string; targetSlot: number }[];
}

/** A graph being written: nodes in document order, each with its inputs in slot order. */
class GraphBuilder implements TestGraph {
  readonly nodes: { id: string }[] = [];
  readonly edges: { id: string; source: string; target: string; targetSlot: number }[] = [];
  add(id: string, inputs: string[] = []): string {
    this.nodes.push({ id });
    inputs.forEach((source, slot) => this.edges.push({ id: `${source}__${id}__${slot}`, source, target: id, targetSlot: slot }));
    return id;
  }
  chain(prefix: string, names: string[], from: string): string {
    return names.reduce((last, name) => this.add(`${prefix}_${name}`, [last]), from);
  }
}

/**
 * The shape of torchvision's ResNet with BatchNorm folded: conv, relu, conv, Add with the block's input
 * (through a 1×1 conv where the block downsamples), relu.
 */
export function resNetLike(blocks: number): TestGraph {
  const g = new GraphBuilder();
  let x = g.chain('stem', ['conv', 'relu', 'pool'], g.add('input'));
  for (let b = 0; b < blocks; b++) {
    const p = `layer${b}`;
    const main = g.chain(p, ['conv1', 'relu1', 'conv2'], x);
    const skip = b % 2 === 0 ? g.add(`${p}_downsample`, [x]) : x;
    x = g.add(`${p}_relu2`, [g.add(`${p}_add`, [main, skip])]);
  }
  g.chain('head', ['gap', 'flatten', 'fc'], x);
  return g;
}

/**
 * The shape of torchvision's DenseNet: in each block every layer concatenates the block's input with the
 * output of every layer before it (BatchNorm, ReLU, 1×1 conv, BatchNorm, ReLU, 3×3 conv); transitions between.
 */
export function denseNetLike(layersPerBlock: readonly number[]): TestGraph {
  const g = new GraphBuilder();
  let x = g.chain('stem', ['conv', 'bn', 'relu', 'pool'], g.add('input'));
  layersPerBlock.forEach((layers, b) => {
    const features = [x];
    for (let l = 0; l < layers; l++) {
      const p = `block${b}_layer${l}`;
      features.push(g.chain(p, ['bn1', 'relu1', 'conv1', 'bn2', 'relu2', 'conv2'], g.add(`${p}_concat`, [...features])));
    }
    x = g.add(`block${b}_out`, features);
    if (b < layersPerBlock.length - 1) x = g.chain(`transition${b}`, ['bn', 'relu', 'conv', 'pool'], x);
  });
  g.chain('head', ['bn', 'relu', 'gap', 'flatten', 'fc'], x);
  return g;
}
