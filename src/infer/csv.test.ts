import { describe, expect, it } from 'vitest';
import { CSV_HEADER, csvField, csvRow, parseCsv } from './csv';

describe('classification CSV', () => {
  it('has one header: path, then label and probability for ranks 1 to 5', () => {
    expect(CSV_HEADER).toBe('path,top1_label,top1_probability,top2_label,top2_probability,top3_label,top3_probability,top4_label,top4_probability,top5_label,top5_probability');
  });

  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain/path.png')).toBe('plain/path.png');
    expect(csvField('a,b.png')).toBe('"a,b.png"');
    expect(csvField('say "hi".png')).toBe('"say ""hi"".png"');
    expect(csvField('two\nlines.png')).toBe('"two\nlines.png"');
  });

  it('reads back what it writes, awkward names included, with empty ranks when there are fewer classes', () => {
    const awkward = '/data/a, "quoted"\nname.png';
    const text = CSV_HEADER + '\r\n' + csvRow({ path: awkward, top: [{ label: 'cat, big', probability: 0.75 }, { label: 'dog', probability: 0.25 }] });
    const [header, row] = parseCsv(text);
    expect(header.join(',')).toBe(CSV_HEADER);
    expect(row).toEqual([awkward, 'cat, big', '0.750000', 'dog', '0.250000', '', '', '', '', '', '']);
  });
});
