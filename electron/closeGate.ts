/**
 * Holds the main window open while its page saves what it must (the autosave of unsaved changes), so
 * closing or quitting never drops the last seconds of work. Pure: no Electron import, testable as is.
 */

/** The part of Electron's `close` event the gate uses. */
export interface PreventableEvent {
  preventDefault(): void;
}

export interface CloseGateOptions {
  /** Asks the page to save; resolves when it says it has. */
  askPage: () => Promise<void>;
  /** Closes the window for real (the gate lets that `close` through). */
  close: () => void;
  /** How long a page that does not answer (hung, crashed) may hold the window. */
  timeoutMs: number;
  /** Told when the page failed or timed out; the window closes anyway. */
  onProblem?: (message: string) => void;
}

/**
 * Returns the window's `close` handler: the first close is held until the page has saved or the time is
 * up, then the window really closes; further close requests meanwhile are held too.
 */
export function createCloseGate(options: CloseGateOptions): (event: PreventableEvent) => void {
  let state: 'open' | 'saving' | 'released' = 'open';
  return (event) => {
    if (state === 'released') return;
    event.preventDefault();
    if (state === 'saving') return;
    state = 'saving';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the page did not save within ${options.timeoutMs} ms`)), options.timeoutMs);
    });
    Promise.race([options.askPage(), timeout])
      .catch((error: unknown) => options.onProblem?.(error instanceof Error ? error.message : String(error)))
      .finally(() => {
        clearTimeout(timer);
        state = 'released';
        options.close();
      });
  };
}
