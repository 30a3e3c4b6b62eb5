import { chromium, type Browser, type Page } from '@playwright/test';

/** Debian's Chromium, which the stock web runtimes' checks run in. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * A new page in `shared` (left open) when given, else in a Chromium of its own; `close` closes what was opened here.
 * @example const { page, close } = await openPage(browser); try { … } finally { await close(); }
 */
export async function openPage(shared?: Browser): Promise<{ page: Page; close: () => Promise<void> }> {
  if (shared) {
    const page = await shared.newPage();
    return { page, close: () => page.close() };
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    return { page: await browser.newPage(), close: () => browser.close() };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
