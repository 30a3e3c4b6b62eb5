import { describe, expect, it } from 'vitest';
import { evaluateNode } from '../shapes/infer';
import type { ParamValue } from '../graph/types';
import { conv2dLayer as conv } from './conv2d';
import type { ShapeError } from './define';
import type { ParamValues } from './params';

describe('Conv2D with a window per axis and groups', () => {
  it('takes kernel, stride, padding and dilation per axis (Inception-v3\'s 1×7 and 7×1)', () => {
    expect(evaluateNode('Conv2D', { filters: 4, kernel: [1, 7], padding: [0, 3] }, [[8, 17, 17]]).shape).toEqual([4, 17, 17]);
    expect(evaluateNode('Conv2D', { filters: 4, kernel: [7, 1], padding: [3, 0] }, [[8, 17, 17]]).shape).toEqual([4, 17, 17]);
    // H: (20 + 2·1 − 2·(3 − 1) − 1) / 1 + 1 = 18; W: (11 + 0 − 1·(2 − 1) − 1) / 1 + 1 = 10.
    expect(evaluateNode('Conv2D', { filters: 2, kernel: [3, 2], padding: [1, 0], dilation: [2, 1] }, [[3, 20, 11]]).shape).toEqual([2, 18, 10]);
    // H: (20 + 0 − 3) / 2 + 1 = 9; W: (11 + 2·1 − 1) / 3 + 1 = 5.
    expect(evaluateNode('Conv2D', { filters: 2, kernel: [3, 1], stride: [2, 3], padding: [0, 1] }, [[3, 20, 11]]).shape).toEqual([2, 9, 5]);
    expect(evaluateNode('Conv2D', { filters: 2, kernel: [3, 5], padding: 'same' }, [[3, 6, 6]]).shape).toEqual([2, 6, 6]);
  });

  it('counts kh·kw·(in/groups)·out weights and one MAC per weight per output position', () => {
    const square = evaluateNode('Conv2D', { filters: 6, kernel: [1, 7], padding: [0, 3], bias: false }, [[4, 5, 5]]);
    expect(square.counts).toEqual({ trainable: 7 * 4 * 6, nonTrainable: 0, macs: 7 * 4 * 6 * 25 });
    const grouped = evaluateNode('Conv2D', { filters: 8, kernel: 3, padding: 1, groups: 4 }, [[12, 5, 5]]);
    expect(grouped.counts).toEqual({ trainable: 9 * 3 * 8 + 8, nonTrainable: 0, macs: 9 * 3 * 8 * 25 });
    // groups = input channels: depthwise.
    expect(evaluateNode('Conv2D', { filters: 12, kernel: 3, padding: 1, groups: 12, bias: false }, [[12, 5, 5]]).counts.trainable).toBe(9 * 12);
  });

  it('names the field at fault: groups that do not divide the channels, a window that does not fit', () => {
    const fault = (params: Record<string, ParamValue>, input: number[]) => {
      try {
        evaluateNode('Conv2D', params, [input]);
      } catch (error) {
        return { field: (error as ShapeError).field, message: (error as Error).message };
      }
      return null;
    };
    expect(fault({ filters: 8, groups: 3 }, [12, 5, 5])).toEqual({
      field: 'groups',
      message: 'groups must divide both the 12 input channels and the 8 output channels; got 3',
    });
    expect(fault({ filters: 9, groups: 2 }, [12, 5, 5])?.field).toBe('groups');
    expect(fault({ filters: 4, kernel: [1, 9], padding: [0, 1] }, [3, 5, 5])).toEqual({
      field: 'kernel',
      message: 'kernel 1×9 with padding 0×1 is larger than its 5×5 input (output would be 5×-1)',
    });
    expect(fault({ padding: [0, -1] }, [3, 5, 5])?.field).toBe('padding');
    expect(fault({ stride: [2, 1], dilation: [1, 2] }, [3, 9, 9])?.field).toBe('dilation');
    expect(fault({ stride: [2, 1], padding: 'same' }, [3, 5, 5])).toEqual({ field: 'padding', message: '"same" padding needs stride 1, as in PyTorch; got stride 2×1' });
  });

  it('writes PyTorch\'s int-or-tuple arguments and its grouped weight shape', () => {
    const p: ParamValues<typeof conv.params> = { filters: 8, kernel: [1, 7], stride: 1, padding: [0, 3], dilation: 1, groups: 2, bias: false };
    if (!('module' in conv.torch)) throw new Error('Conv2D is a PyTorch module');
    expect(conv.torch.module([[4, 9, 9]], p)).toBe('nn.Conv2d(4, 8, (1, 7), padding=(0, 3), groups=2, bias=False)');
    expect(conv.torch.tensors?.([[4, 9, 9]], p).map((t) => t.shape)).toEqual([[8, 2, 1, 7]]);
    expect(conv.summary(p)).toBe('8, 1×7 p0×3 g2');
  });

  it('reads old designs (one number per field, no groups) exactly as before', () => {
    const { shape, counts } = evaluateNode('Conv2D', { filters: 5, kernel: 4, stride: 2, padding: 1, dilation: 1, bias: true }, [[3, 11, 9]]);
    expect(shape).toEqual([5, 5, 4]);
    expect(counts.trainable).toBe(4 * 4 * 3 * 5 + 5);
  });
});
