import { describe, expect, it } from 'vitest';
import { checkDesignName, suggestName } from './SaveAsDialog';

describe('design file names', () => {
  it('suggests a safe name from the design name', () => {
    expect(suggestName('GoogLeNet 224×224 (ImageNet)')).toBe('GoogLeNet 224-224 (ImageNet)');
    expect(suggestName('../../etc')).toBe('etc');
    expect(suggestName('×××')).toBe('design');
  });
  it('refuses names that could leave the designs folder', () => {
    expect(checkDesignName('my net')).toBeNull();
    expect(checkDesignName('my-net.json')).toBeNull();
    expect(checkDesignName('../x')).not.toBeNull();
    expect(checkDesignName('a/b')).not.toBeNull();
    expect(checkDesignName('  ')).not.toBeNull();
  });
});
