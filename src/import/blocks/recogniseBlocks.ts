import { getLayer } from '../../layers/catalog';
import { resolveParams } from '../../layers/params';
import type { DesignBuilder } from '../design';
import { fuseFoldedBatchNorm, fuseKeptBatchNorm } from './fuseConvBnRelu';
import { matchBlock, type BlockMatch } from './matchBlock';
import { moveWeights, primitiveLayers } from './primitiveLayers';

/** The blocks looked for in an imported design, in this order: Inception-v3's modules and grid reductions. */
export const RECOGNISED_BLOCKS = ['InceptionA', 'InceptionB', 'InceptionC', 'InceptionD', 'InceptionE'];

/** What the pass made of an imported design. */
export interface Recognised {
  /** ConvBNReLU blocks made from Conv2D → BatchNorm → ReLU. */
  keptBatchNorm: number;
  /** ConvBNReLU blocks made from a Conv2D (BatchNorm folded into it) → ReLU. */
  foldedBatchNorm: number;
  /** Block ids by kind (`{ InceptionA: ['Mixed_5b', …] }`). */
  blocks: Record<string, string[]>;
}

/**
 * The block's id: the module its sub-nodes share when their ids say so (`Mixed_5b_branch1x1` for sub-node
 * `branch1x1` gives `Mixed_5b`), else one made from the kind; never the id of a node outside the block.
 */
function blockId(design: DesignBuilder, match: BlockMatch): string {
  const free = (id: string) => !design.has(id) || [...match.nodes.values()].includes(id);
  const prefixes = new Map<string, number>();
  for (const [sub, node] of match.nodes) {
    const name = sub.slice('block_'.length);
    if (node.endsWith(`_${name}`)) {
      const prefix = node.slice(0, -name.length - 1);
      prefixes.set(prefix, (prefixes.get(prefix) ?? 0) + 1);
    }
  }
  const best = [...prefixes].sort((a, b) => b[1] - a[1])[0]?.[0];
  if (best && /^[A-Za-z][A-Za-z0-9_]*$/.test(best) && free(best)) return best;
  const base = match.kind.replace(/[A-Z]/g, (c, i: number) => (i ? '_' : '') + c.toLowerCase());
  for (let i = 1; ; i++) if (free(i === 1 ? base : `${base}_${i}`)) return i === 1 ? base : `${base}_${i}`;
}

/** Replaces the matched nodes by one block node; each matched node's weights move to its place in the block. */
function replaceByBlock(design: DesignBuilder, match: BlockMatch, output: string): string {
  const id = blockId(design, match);
  const layer = getLayer(match.kind)!;
  if (!layer.composite) throw new Error(`${match.kind} is not a block`);
  const byId = new Map(design.nodes.map((n) => [n.id, n]));
  const renames = new Map<string, string>();
  for (const sub of layer.expand(id, resolveParams(layer.params, match.params).values)) {
    const node = byId.get(match.nodes.get(`block${sub.id.slice(id.length)}`)!)!;
    const from = primitiveLayers(node.id, node.kind, node.params);
    const to = primitiveLayers(sub.id, sub.kind, sub.params);
    from.forEach((layerName, i) => renames.set(layerName, to[i]));
  }
  design.replace(new Set(match.nodes.values()), output, { id, kind: match.kind, params: match.params, inputs: [match.input] });
  moveWeights(design, renames);
  return id;
}

/**
 * Gives an imported design the editor's blocks where the file holds exactly their layers: ConvBNReLU first (see
 * `fuseConvBnRelu.ts`), then each of `RECOGNISED_BLOCKS` wherever a node is the last of a block's expansion
 * with everything before it matching (`matchBlock`). The numbers computed do not change.
 */
export function recogniseBlocks(design: DesignBuilder, options: { foldedBatchNorm: boolean }): Recognised {
  const keptBatchNorm = fuseKeptBatchNorm(design);
  const foldedBatchNorm = options.foldedBatchNorm ? fuseFoldedBatchNorm(design) : 0;
  const blocks: Record<string, string[]> = {};
  for (const kind of RECOGNISED_BLOCKS) {
    for (const candidate of design.nodes.map((n) => n.id)) {
      if (!design.has(candidate)) continue;
      const match = matchBlock(design, kind, candidate);
      if (match) (blocks[kind] ??= []).push(replaceByBlock(design, match, candidate));
    }
  }
  return { keptBatchNorm, foldedBatchNorm, blocks };
}
