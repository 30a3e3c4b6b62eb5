import type { TorchStatus } from '../detect';

/**
 * Whether tests that need torch should run: yes where torch is found; where it is not, they are skipped on a
 * developer's machine but fail under CI (env `CI` set), so a CI image without torch cannot pass them silently.
 */
export function torchTestsRun(status: TorchStatus, also: { gloo?: boolean } = {}): boolean {
  const missing = !status.available ? `torch is not available (${status.reason ?? 'no reason given'})`
    : also.gloo && !status.distributed.gloo ? 'torch has no gloo backend for torch.distributed' : null;
  if (missing && process.env.CI) throw new Error(`CI is set and these tests need torch: ${missing}`);
  return missing === null;
}
