import { describe, expect, it } from 'vitest';
import { inputSizeAt, parseResizeFlag } from '../contract/progressiveResize';
import { loadPreset } from '../graph/presets';
import { GRAPH_FORMAT, GRAPH_VERSION, type GraphDoc } from '../graph/types';
import { inferGraph } from './infer';
import { resizePhasesProblem } from './resizePhases';

describe('progressive resizing (issue 25)', () => {
  it('reads --resize and gives each epoch its size, the design\'s own after the phases', () => {
    const phases = parseResizeFlag('48:1, 64:2');
    expect(phases).toEqual([{ size: 48, epochs: 1 }, { size: 64, epochs: 2 }]);
    const input = { height: 96, width: 128 };
    expect([0, 1, 2, 3].map((e) => inputSizeAt(phases, e, input))).toEqual([{ height: 48, width: 64 }, { height: 64, width: 85 }, { height: 64, width: 85 }, input]);
    expect(() => parseResizeFlag('64x2')).toThrow('--resize: expected SIZE:EPOCHS[,SIZE:EPOCHS…] (e.g. 64:2), got "64x2"');
  });

  it('googlenet-96 as it is ends in a 2×2 AvgPool: 93 px is its smallest size; with global pooling there, 64 px with the same weights; refusals name the field', () => {
    const graph = loadPreset('googlenet-96');
    expect(resizePhasesProblem(graph, [{ size: 93, epochs: 1 }], 2)).toBeNull();
    expect(resizePhasesProblem(graph, [{ size: 64, epochs: 1 }], 2)).toBe('training option progressiveResize.0.size: at 64×64 px the design fails: node avgpool, kernel: kernel 2×2 with padding 0 is larger than its 1×1 input');
    // The 2×2 AvgPool on its 2×2 map is a global average at 96 px: as GlobalAvgPool the design computes the same there.
    const global = { ...graph, nodes: graph.nodes.map((n) => (n.id === 'avgpool' ? { ...n, kind: 'GlobalAvgPool', params: { keepDims: true } } : n)) };
    expect(inferGraph(global).output).toEqual(inferGraph(graph).output);
    expect(resizePhasesProblem(global, [{ size: 64, epochs: 1 }, { size: 80, epochs: 1 }], 3)).toBeNull();
    expect(resizePhasesProblem(global, [{ size: 56, epochs: 1 }], 3)).toMatch(/^training option progressiveResize\.0\.size: at 56×56 px the design fails: node pool4, /);
    expect(resizePhasesProblem(global, [{ size: 64, epochs: 1 }, { size: 96, epochs: 1 }], 3)).toBe("training option progressiveResize.1.size: 96 px is not smaller than the design's input (96 px high)");
    expect(resizePhasesProblem(global, [{ size: 64, epochs: 2 }], 2)).toBe("training option progressiveResize: its phases take 2 epochs of the run's 2; at least the last epoch trains at the design's own size");
  });

  it('a head that flattens a size-dependent map is refused: its weights would change shape', () => {
    const flat: GraphDoc = {
      format: GRAPH_FORMAT, name: 'flat', version: GRAPH_VERSION,
      nodes: [
        { id: 'in', kind: 'Input', params: { height: 16, width: 16, channels: 1 }, position: { x: 0, y: 0 } },
        { id: 'conv', kind: 'Conv2D', params: { filters: 2, kernel: 3 }, position: { x: 0, y: 0 } },
        { id: 'flat', kind: 'Flatten', params: {}, position: { x: 0, y: 0 } },
        { id: 'out', kind: 'Dense', params: { units: 3 }, position: { x: 0, y: 0 } },
      ],
      edges: [{ id: 'e1', source: 'in', target: 'conv', targetSlot: 0 }, { id: 'e2', source: 'conv', target: 'flat', targetSlot: 0 }, { id: 'e3', source: 'flat', target: 'out', targetSlot: 0 }],
    };
    expect(inferGraph(flat).errors).toEqual([]);
    expect(resizePhasesProblem(flat, [{ size: 8, epochs: 1 }], 2)).toMatch(/^training option progressiveResize\.0\.size: at 8×8 px the design's weights change shape/);
  });
});
