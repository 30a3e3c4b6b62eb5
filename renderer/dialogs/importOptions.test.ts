import { describe, expect, it } from 'vitest';
import { EMPTY_IMPORT_FORM, importRequest, NORMALISATIONS, parseLabels } from './importOptions';

const form = (fields: Partial<typeof EMPTY_IMPORT_FORM>) => ({ ...EMPTY_IMPORT_FORM, path: '/models/resnet18.onnx', ...fields });

describe('importRequest', () => {
  it('leaves blank fields to the file and the importer', () => {
    expect(importRequest(form({}))).toEqual({ path: '/models/resnet18.onnx', options: {} });
  });

  it('sends a preset normalisation, a square or given size, a name and labels', () => {
    const imagenet = NORMALISATIONS[0];
    expect(importRequest(form({ name: ' base ', mean: imagenet.mean, std: imagenet.std, height: '96', labels: 'cat\n\ndog\n' }))).toEqual({
      path: '/models/resnet18.onnx',
      options: { name: 'base', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], size: [96, 96], labels: ['cat', 'dog'] },
    });
    expect(importRequest(form({ height: '224', width: '160' }))).toMatchObject({ options: { size: [224, 160] } });
  });

  it('names each field that is wrong', () => {
    expect(importRequest({ ...EMPTY_IMPORT_FORM, mean: '0.5', width: '32' })).toEqual({
      problems: { path: 'choose an ONNX file or a TF.js model.json', std: 'give the mean and the std together, or neither', height: 'give the height too' },
    });
    expect(importRequest(form({ mean: '0.5 0.5 0.5', std: '0.5, 0, x' }))).toEqual({ problems: { std: 'expected positive numbers, got “0”' } });
    expect(importRequest(form({ mean: '0.5 0.5 0.5', std: '0.5' }))).toEqual({ problems: { std: 'expected as many values as the mean (3), got 1' } });
    expect(importRequest(form({ height: '1.5' }))).toEqual({ problems: { height: 'expected a whole number of pixels from 1 to 4096, got “1.5”' } });
    expect(importRequest(form({ labels: '["a", 2]' }))).toEqual({ problems: { labels: 'expected a JSON array of class names (strings)' } });
  });
});

describe('parseLabels', () => {
  it('reads a JSON array or one name a line', () => {
    expect(parseLabels('["tench", "goldfish"]')).toEqual(['tench', 'goldfish']);
    expect(parseLabels('tench\r\ngoldfish\r\n')).toEqual(['tench', 'goldfish']);
  });
});
