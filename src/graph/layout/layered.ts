import type { Position } from '../types';
import type { Size } from './geometry';

/** A graph to lay out: nodes in document order, edges with the input slot they feed. */
export interface LayoutGraph {
  nodes: readonly { id: string }[];
  edges: readonly { source: string; target: string; targetSlot: number }[];
}

export interface LayeredOptions {
  /** Horizontal space between neighbouring boxes of a row. */
  nodeGap?: number;
  /** Vertical space between rows; edges turn and skip connections leave and join inside it. */
  rowGap?: number;
}

export const LAYERED_DEFAULTS: Required<LayeredOptions> = { nodeGap: 48, rowGap: 56 };

/**
 * A layered layout, top to bottom, in time linear in the graph's size (no dummy nodes, so a DenseNet's
 * hundreds of long edges cost nothing here; the router takes them around the column).
 *
 * Each node sits one row below its deepest input. Its centre is the mean of the centres of its
 * deepest inputs, so a chain stays one straight column and a merge sits under the branches it joins;
 * several nodes that hang from the same input spread side by side in document order (a Concat's
 * branches keep their slot order). A row's boxes are then packed apart with the least total movement.
 * Returns each node's top-left corner; the top-left of the whole is (0, 0).
 */
export function layeredLayout(graph: LayoutGraph, sizeOf: (id: string) => Size, options: LayeredOptions = {}): Map<string, Position> {
  const { nodeGap, rowGap } = { ...LAYERED_DEFAULTS, ...options };
  const index = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const inputs = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const e of [...graph.edges].sort((a, b) => a.targetSlot - b.targetSlot)) {
    if (index.has(e.source) && e.source !== e.target) inputs.get(e.target)?.push(e.source);
  }
  const rank = ranks(graph.nodes.map((n) => n.id), inputs);

  const rows: string[][] = [];
  for (const n of graph.nodes) (rows[rank.get(n.id)!] ??= []).push(n.id);
  const centre = new Map<string, number>();
  for (const row of rows) {
    if (!row) continue;
    placeRow(row, inputs, rank, centre, sizeOf, nodeGap, index);
  }

  const positions = new Map<string, Position>();
  let top = 0;
  const left = Math.min(...graph.nodes.map((n) => centre.get(n.id)! - sizeOf(n.id).width / 2));
  for (const row of rows) {
    if (!row) continue;
    for (const id of row) positions.set(id, { x: Math.round(centre.get(id)! - sizeOf(id).width / 2 - left), y: Math.round(top) });
    top += Math.max(...row.map((id) => sizeOf(id).height)) + rowGap;
  }
  return positions;
}

/**
 * Longest-path rows: sources on row 0, every other node one below its deepest input. Nodes on a
 * cycle (a design being edited may have one) take their row from the inputs already placed.
 */
function ranks(ids: readonly string[], inputs: ReadonlyMap<string, string[]>): Map<string, number> {
  const readers = new Map<string, string[]>(ids.map((id) => [id, []]));
  const waiting = new Map<string, number>();
  for (const id of ids) {
    const list = inputs.get(id)!;
    waiting.set(id, list.length);
    for (const source of list) readers.get(source)!.push(id);
  }
  const rank = new Map<string, number>();
  const ready = ids.filter((id) => waiting.get(id) === 0);
  const settle = (id: string) => {
    rank.set(id, inputs.get(id)!.reduce((r, source) => Math.max(r, rank.has(source) ? rank.get(source)! + 1 : 0), 0));
    for (const reader of readers.get(id)!) {
      const left = waiting.get(reader)! - 1;
      waiting.set(reader, left);
      if (left === 0) ready.push(reader);
    }
  };
  for (let i = 0; i < ready.length; i++) settle(ready[i]);
  for (const id of ids) {
    if (rank.has(id)) continue;
    // On a cycle: place it from what is placed, then let its readers follow as usual.
    settle(id);
    for (let i = 0; i < ready.length; i++) if (!rank.has(ready[i])) settle(ready[i]);
  }
  return rank;
}

interface Item { id: string; want: number; width: number }

/** Centres for one row: where each node wants to be, then packed apart with the least movement. */
function placeRow(
  row: readonly string[],
  inputs: ReadonlyMap<string, string[]>,
  rank: ReadonlyMap<string, number>,
  centre: Map<string, number>,
  sizeOf: (id: string) => Size,
  gap: number,
  index: ReadonlyMap<string, number>,
): void {
  // Group the row by the input each node hangs from (its first deepest input).
  const groups = new Map<string, { anchor: number; ids: string[] }>();
  for (const id of row) {
    const placed = inputs.get(id)!.filter((s) => centre.has(s));
    const deepest = Math.max(...placed.map((s) => rank.get(s)!));
    const primary = placed.filter((s) => rank.get(s) === deepest);
    const key = primary[0] ?? '';
    const anchor = primary.length ? primary.reduce((sum, s) => sum + centre.get(s)!, 0) / primary.length : 0;
    const group = groups.get(key) ?? { anchor, ids: [] };
    group.ids.push(id);
    groups.set(key, group);
  }
  const items: (Item & { order: number })[] = [];
  for (const { anchor, ids } of groups.values()) {
    const total = ids.reduce((w, id) => w + sizeOf(id).width, 0) + gap * (ids.length - 1);
    let cursor = anchor - total / 2;
    for (const id of ids) {
      const width = sizeOf(id).width;
      items.push({ id, want: cursor + width / 2, width, order: index.get(id)! });
      cursor += width + gap;
    }
  }
  items.sort((a, b) => a.want - b.want || a.order - b.order);
  for (const [id, x] of packApart(items, gap)) centre.set(id, x);
}

/**
 * Centres as close as possible (least squares) to the wanted ones, in the given order, with at least
 * `gap` between neighbouring boxes: neighbours that would overlap merge into a block, which sits at the
 * mean of what its members want.
 */
export function packApart(items: readonly Item[], gap: number): Map<string, number> {
  interface Block { members: { item: Item; offset: number }[]; width: number; sum: number; start: number }
  const blocks: Block[] = [];
  for (const item of items) {
    let block: Block = { members: [{ item, offset: 0 }], width: item.width, sum: item.want - item.width / 2, start: item.want - item.width / 2 };
    for (let last = blocks.at(-1); last && last.start + last.width + gap > block.start; last = blocks.at(-1)) {
      blocks.pop();
      const shift = last.width + gap;
      const members = [...last.members, ...block.members.map((m) => ({ item: m.item, offset: m.offset + shift }))];
      const sum = last.sum + block.sum - shift * block.members.length;
      block = { members, width: shift + block.width, sum, start: sum / members.length };
    }
    blocks.push(block);
  }
  const centres = new Map<string, number>();
  for (const block of blocks) for (const { item, offset } of block.members) centres.set(item.id, block.start + offset + item.width / 2);
  return centres;
}
