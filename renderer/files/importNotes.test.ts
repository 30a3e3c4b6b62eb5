import { describe, expect, it } from 'vitest';
import { appNote, importedMessage } from './importNotes';

describe('import notes in the app', () => {
  it('say how to change a default in the app, never with command-line options', () => {
    const labels = appNote({ text: 'the file has no class names: numbering them 0 to 999', option: 'labels' });
    expect(labels).toBe('The file has no class names: numbering them 0 to 999; to name them, import again with Class names (File ▸ Import…).');
    const size = appNote({ text: 'the file does not fix its input size: using 224×224', option: 'size' });
    for (const text of [labels, size]) expect(text).not.toMatch(/--\w/);
    expect(importedMessage('resnet18.onnx', 'r1', 11_684_712, [{ text: 'the exporter folded each BatchNorm into the convolution before it' }]))
      .toBe('Imported resnet18.onnx as run r1: 11,684,712 trainable parameters. The exporter folded each BatchNorm into the convolution before it.');
  });
});
