/** Layers that inference could give no shape (in error, or after one): the design's totals leave them out. */
export function shapelessCount(inference: { nodes: ReadonlyMap<string, { shape: unknown }> }): number {
  let count = 0;
  for (const node of inference.nodes.values()) if (node.shape === null) count++;
  return count;
}

/** Why the design's totals are not shown (the status bar and the side panel say the same); null when they are. */
export function totalsWaitReason(inference: { nodes: ReadonlyMap<string, { shape: unknown }> } | null): string | null {
  const missing = inference ? shapelessCount(inference) : 0;
  return missing ? `${missing} layer${missing === 1 ? ' has' : 's have'} no shape until the errors are fixed, so the totals would miss them` : null;
}
