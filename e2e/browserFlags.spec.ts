import { readdirSync, readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

/** The command lines of the Chromium browsers this worker process launched (Linux: /proc). */
function launchedChromium(): string[][] {
  const mine = String(process.pid);
  return readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] !== mine) return [];
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return args.some((a) => a === '--remote-debugging-pipe') ? [args] : [];
    } catch {
      return [];
    }
  });
}

test('Chromium runs no omnibox WebUI beside the pages, and keeps every feature Playwright disables', async ({ browser, page }) => {
  await page.goto('about:blank');
  const cdp = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  expect(targetInfos.filter((t) => t.type === 'browser_ui').map((t) => t.url)).toEqual([]);
  // Chromium keeps only the last --disable-features: it must carry each earlier one's features (Playwright's own).
  const [args] = launchedChromium();
  const lists = args.filter((a) => a.startsWith('--disable-features=')).map((a) => a.slice('--disable-features='.length).split(','));
  expect(lists.length).toBeGreaterThan(0);
  for (const earlier of lists.slice(0, -1)) expect(lists.at(-1)).toEqual(expect.arrayContaining(earlier));
});
