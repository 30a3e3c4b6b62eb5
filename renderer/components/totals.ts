/** Layers that inference could give no shape (in error, or after one): the design's totals leave them out. */
export function shapelessCount(inference: { nodes: ReadonlyMap<string, { shape: unknown }> }): number {
  let count = 0;
  for (const node of inference.nodes.values()) if (node.shape === null) count++;
  return count;
}
