/**
 * Tests that need something installed beyond npm (Fashion-MNIST, torch) skip where it is missing, with
 * the reason, but fail under CI: `.ci/run` installs everything, so there a missing piece is a broken
 * install step, not a machine that lacks it. Only what CI cannot have (Electron's window, a GPU) may
 * skip there, and those tests do not come through here.
 */

/** Something a test needs from the machine. */
export interface Requirement {
  /** What is needed, as a reader would name it: `torch`, `Fashion-MNIST (t10k)`. */
  name: string;
  /** Why it is missing here and how to install it; null when it is present. */
  missing: string | null;
}

/** Set when the tests run in CI: env `CI` holds anything but nothing, `0` or `false`. */
export function underCi(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = (env.CI ?? '').trim().toLowerCase();
  return value !== '' && value !== '0' && value !== 'false';
}

/** Thrown under CI when a test's requirement is missing. */
export class MissingRequirementError extends Error {
  constructor(reason: string) {
    super(`${reason}. CI installs it (.ci/run: npm run test:setup), so this is a failure here, not a skip.`);
    this.name = 'MissingRequirementError';
  }
}

/**
 * Why the tests cannot run here (null when every requirement is present); under CI a missing
 * requirement throws {@link MissingRequirementError} instead.
 * @example test.skip(skipReason(fashionMnist('t10k')) !== null, ...) // Playwright
 */
export function skipReason(...requirements: Requirement[]): string | null {
  const missing = requirements.filter((r) => r.missing !== null);
  if (missing.length === 0) return null;
  const reason = `needs ${missing.map((r) => `${r.name}: ${r.missing}`).join('; and ')}`;
  if (underCi()) throw new MissingRequirementError(reason);
  return reason;
}

/**
 * True when every requirement is present. Otherwise prints why and answers false (the suite skips), or,
 * under CI, throws.
 * @example describe.runIf(needs(torchInstalled(await detectTorch())))('the generated module in PyTorch', ...)
 */
export function needs(...requirements: Requirement[]): boolean {
  const reason = skipReason(...requirements);
  if (reason !== null) console.warn(`skipped: ${reason}`);
  return reason === null;
}
