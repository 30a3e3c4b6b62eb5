import { beforeAll, describe } from 'vitest';
import type { TorchStatus } from '../detect';

/**
 * `describe` for a suite that needs Python with torch: skipped where torch is missing, except under
 * CI (`CI` set), where a missing torch fails the suite instead of hiding behind a green run.
 */
export function describeWithTorch(torch: TorchStatus, name: string, body: () => void): void {
  if (!torch.available && !process.env.CI) {
    describe.skip(name, body);
    return;
  }
  describe(name, () => {
    beforeAll(() => {
      if (!torch.available) throw new Error(`CI needs Python with torch for "${name}": ${torch.reason ?? 'not found'}`);
    });
    body();
  });
}
