import { describe, expect, it } from 'vitest';
import { inferGraph } from '../shapes/infer';
import { clipFromText, clipToText, copyNodes, pasteClip } from './clipboard';
import { addNode, connect, emptyGraph } from './ops';
import { parseGraph } from './schema';
import type { GraphDoc } from './types';

function chain(): GraphDoc {
  let g = emptyGraph('t');
  g = addNode(g, 'Input', { x: 0, y: 0 }, { height: 8, width: 8, channels: 3 }, 'in').graph;
  g = addNode(g, 'GlobalAvgPool', { x: 0, y: 100 }, {}, 'gap').graph;
  g = addNode(g, 'Flatten', { x: 0, y: 200 }, {}, 'flat').graph;
  g = addNode(g, 'Dense', { x: 0, y: 300 }, { units: 4 }, 'fc').graph;
  for (const [a, b] of [['in', 'gap'], ['gap', 'flat'], ['flat', 'fc']]) {
    const r = connect(g, a, b);
    if (!r.ok) throw new Error(r.reason);
    g = r.graph;
  }
  return g;
}

describe('copyNodes / pasteClip', () => {
  it('keeps the edges inside the selection and drops those that leave it', () => {
    const clip = copyNodes(chain(), ['flat', 'fc'])!;
    expect(clip.nodes.map((n) => n.id)).toEqual(['flat', 'fc']);
    expect(clip.edges.map((e) => [e.source, e.target])).toEqual([['flat', 'fc']]);
  });

  it('returns null for an empty selection', () => {
    expect(copyNodes(chain(), [])).toBeNull();
    expect(copyNodes(chain(), ['nope'])).toBeNull();
  });

  it('pastes with fresh ids, offset positions and rewired inner edges; the result is a valid document', () => {
    const g = chain();
    const clip = copyNodes(g, ['flat', 'fc'])!;
    const { graph, ids } = pasteClip(g, clip, { x: 40, y: 50 });
    expect(ids).toEqual(['flat_2', 'fc_2']);
    expect(graph.nodes.find((n) => n.id === 'fc_2')).toMatchObject({ kind: 'Dense', params: { units: 4 }, position: { x: 40, y: 350 } });
    expect(graph.edges.filter((e) => ids.includes(e.target))).toEqual([
      { id: 'flat_2__fc_2__0', source: 'flat_2', target: 'fc_2', targetSlot: 0 },
    ]);
    expect(parseGraph(graph).ok).toBe(true);
    // Pasting twice numbers on from the stem.
    expect(pasteClip(graph, clip, { x: 0, y: 0 }).ids).toEqual(['flat_3', 'fc_3']);
  });

  it('pasted copies are independent of the clip and of the original', () => {
    const g = chain();
    const clip = copyNodes(g, ['fc'])!;
    const { graph } = pasteClip(g, clip, { x: 0, y: 0 });
    graph.nodes[graph.nodes.length - 1].params.units = 99;
    expect(clip.nodes[0].params.units).toBe(4);
    expect(g.nodes.find((n) => n.id === 'fc')!.params.units).toBe(4);
  });

  it('a pasted connected pair infers like the original once fed', () => {
    const g = chain();
    const { graph, ids } = pasteClip(g, copyNodes(g, ['gap', 'flat', 'fc'])!, { x: 300, y: 0 });
    const fed = connect(graph, 'in', ids[0]);
    if (!fed.ok) throw new Error(fed.reason);
    const inference = inferGraph(fed.graph);
    expect(inference.nodes.get('fc_2')!.shape).toEqual([4]);
    expect(inference.nodes.get('fc_2')!.counts).toEqual(inference.nodes.get('fc')!.counts);
  });
});

describe('clipToText / clipFromText (the system clipboard)', () => {
  it('round-trips a clip through text that is itself a valid design file', () => {
    const clip = copyNodes(chain(), ['gap', 'flat', 'fc'])!;
    const text = clipToText(clip);
    expect(parseGraph(JSON.parse(text)).ok).toBe(true);
    expect(clipFromText(text)).toEqual(clip);
    const pasted = pasteClip(chain(), clipFromText(`\n  ${text}\n`)!, { x: 10, y: 10 });
    expect(pasted.ids).toEqual(['gap_2', 'flat_2', 'fc_2']);
  });

  it("takes a whole design file's text, and refuses text that is not a design", () => {
    const whole = JSON.stringify(chain());
    expect(clipFromText(whole)!.nodes.map((n) => n.id)).toEqual(['in', 'gap', 'flat', 'fc']);
    expect(clipFromText('conv1 64×48×48')).toBeNull();
    expect(clipFromText('{"not": "a design"}')).toBeNull();
    expect(clipFromText('{ broken')).toBeNull();
    const dangling = { ...chain(), edges: [{ id: 'x', source: 'gone', target: 'fc', targetSlot: 0 }] };
    expect(clipFromText(JSON.stringify(dangling))).toBeNull();
    expect(clipFromText(JSON.stringify({ ...chain(), nodes: [], edges: [] }))).toBeNull();
    expect(clipFromText(`{"pad": "${'x'.repeat(21 * 1024 * 1024)}"}`)).toBeNull();
  });
});

