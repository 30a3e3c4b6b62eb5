/** Where the window remembers that the welcome was seen (per host origin in browser mode). */
const KEY = 'inception-studio.welcome-seen';

/** True once the user dismissed the welcome or took one of its paths. */
export function welcomeSeen(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function markWelcomeSeen(): void {
  try {
    localStorage.setItem(KEY, '1');
  } catch {
    // Storage may be off (private windows); the welcome then shows again next time.
  }
}
