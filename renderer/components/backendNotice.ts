import type { EnginesReport } from '../../src/service/api';

export interface Missing { key: string; what: string; reason: string }

/**
 * What cannot run here and a user here could change: an engine that is missing altogether (once, with
 * its reason, not once per device), and the missing backends of an engine that runs. Backends that
 * exist only on another platform (MPS off macOS) are left out.
 */
export function unavailableParts(report: EnginesReport): Missing[] {
  return report.engines.flatMap((engine): Missing[] => {
    const missing = engine.backends.filter((b) => !b.available && !b.otherPlatform);
    if (!engine.available) {
      const reason = missing.find((b) => b.reason)?.reason ?? 'no backend of this engine can run here';
      return [{ key: engine.id, what: `${engine.title} engine`, reason }];
    }
    return missing.map((b) => ({
      key: `${engine.id}/${b.name}`,
      what: `${engine.title} · ${b.name} (${b.package})`,
      reason: b.reason ?? 'not available; the host gave no reason',
    }));
  });
}

/** Names the set of missing parts, so a dismissal holds until something else goes missing. */
export const missingSignature = (missing: readonly Missing[]): string => missing.map((m) => m.key).sort().join(' ');

const KEY = 'inception-studio.backend-notice-dismissed';

/** The signature of the notice the user last dismissed, kept across reloads. */
export function dismissedSignature(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

export function rememberDismissed(signature: string): void {
  try {
    localStorage.setItem(KEY, signature);
  } catch {
    // Storage may be off (private windows); the notice then shows again next time.
  }
}
