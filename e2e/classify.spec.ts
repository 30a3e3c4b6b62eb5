import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { writeFashionMnistFolder } from '../src/data/testing/fashionMnist';
import { CSV_HEADER, parseCsv } from '../src/infer/csv';
import { expect, haveFashionMnist, SHOTS, trainedTest } from './fixtures';

interface ClassifyHost {
  url: string;
  /** A folder of the host's --root folder, this test's own; holds `photos/` (to classify) and the saved CSV. */
  dataRoot: string;
}

/**
 * The shared host with a finished Small CNN run (e2e/fixtures.ts), and a folder of 60 real Fashion-MNIST images
 * plus a nested one and a broken file.
 */
const test = trainedTest.extend<{ host: ClassifyHost }>({
  host: async ({ trainedHost }, use) => {
    const dataRoot = await mkdtemp(path.join(trainedHost.dataRoot, 'classify-'));
    const photos = path.join(dataRoot, 'photos');
    if (haveFashionMnist) {
      await writeFashionMnistFolder(photos, { perClass: 6, split: 't10k' });
      const bag = path.join(photos, 'Bag');
      await mkdir(path.join(bag, 'nested'));
      await copyFile(path.join(bag, (await readdir(bag)).find((f) => f.endsWith('.png'))!), path.join(bag, 'nested', 'again.png'));
      await writeFile(path.join(photos, 'Coat', 'broken.png'), 'not a PNG at all');
    }
    await use({ url: trainedHost.url, dataRoot });
    await rm(dataRoot, { recursive: true, force: true });
  },
});

const columnTexts = (page: Page, testId: string) => page.getByTestId('classify-table').getByTestId(testId).allTextContents();
const percents = async (page: Page) => (await columnTexts(page, 'classify-probability')).map((t) => Number.parseFloat(t));

test('Try it: classify a folder, sort the table, see skipped files, save the CSV', async ({ page, host }) => {
  test.skip(!haveFashionMnist, 'needs Fashion-MNIST (Debian package fashion-mnist)');
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(host.url);
  await page.getByTestId('nav-try').click();
  await expect(page.getByTestId('try-run')).not.toHaveValue('');

  await page.getByTestId('classify-pick').click();
  const browser = page.getByTestId('folder-browser');
  for (const name of [path.basename(path.dirname(host.dataRoot)), path.basename(host.dataRoot), 'photos']) {
    await browser.getByTestId(`folder-entry-${name}`).click();
    await expect(browser.getByTestId('folder-path')).toHaveText(new RegExp(`${name}$`));
  }
  // A folder of images as they are, not one whose sub-folders are the classes.
  await expect(browser).toContainText('Open the folder that holds the images');
  await expect(browser).not.toContainText('sub-folders are the classes');
  await page.getByTestId('folder-choose').click();

  // 60 images, one more in a nested folder; the broken file is skipped, never fatal.
  await expect(page.getByTestId('classify-status')).toHaveText(/^Done · 61 of 62 images · 1 skipped/, { timeout: 60_000 });
  await expect(page.getByTestId('classify-range')).toHaveText('1–50 of 61');
  await expect(page.getByTestId('classify-row')).toHaveCount(50);
  // The Top setting (3 by default) is the number of classes each row lists.
  await expect(page.getByTestId('classify-top-heading')).toHaveText('Top 3');
  await expect(page.getByTestId('classify-row').first().locator('.classify__top5')).toHaveText(/^[^·]+ · [^·]+ · [^·]+$/);
  await expect(page.getByTestId('classify-pick')).toBeEnabled();
  // The classification survives a visit to another screen.
  await page.getByTestId('nav-runs').click();
  await page.getByTestId('nav-try').click();
  await expect(page.getByTestId('classify-status')).toHaveText(/^Done · 61 of 62 images/);
  await expect(page.getByTestId('classify-table')).toContainText('Bag/nested/again.png');
  await page.getByTestId('classify-skipped').locator('summary').click();
  await expect(page.getByTestId('classify-skipped')).toContainText('Coat/broken.png');

  // Sorting: probability highest first, then lowest first; Top-1 by class name.
  await page.getByTestId('classify-sort-probability').click();
  await expect(page.getByTestId('classify-table').locator('th[aria-sort="descending"]')).toHaveText(/Probability/);
  // The header changes at the click; the rows of the page follow when the sorted page has arrived.
  const sortedBy = async <T>(read: () => Promise<T[]>, order: (a: T[]) => T[]) => {
    await expect.poll(async () => {
      const shown = await read();
      return JSON.stringify(shown) === JSON.stringify(order([...shown]));
    }, { timeout: 10_000 }).toBe(true);
  };
  await sortedBy(() => percents(page), (p) => p.sort((a, b) => b - a));
  await page.getByTestId('classify-sort-probability').click();
  await expect(page.getByTestId('classify-table').locator('th[aria-sort="ascending"]')).toHaveText(/Probability/);
  await sortedBy(() => percents(page), (p) => p.sort((a, b) => a - b));
  await page.getByTestId('classify-sort-label').click();
  await expect(page.getByTestId('classify-table').locator('th[aria-sort="ascending"]')).toHaveText(/Top-1/);
  await sortedBy(() => columnTexts(page, 'classify-top1'), (labels) => labels.sort());
  await expect(page.locator('[data-testid="classify-table"] .thumb--loading')).toHaveCount(0);
  await page.getByTestId('classify-next').click();
  await expect(page.getByTestId('classify-range')).toHaveText('51–61 of 61');
  await page.getByTestId('classify-sort-label').click();
  await expect(page.getByTestId('classify-range')).toHaveText('1–50 of 61');
  await expect(page.locator('[data-testid="classify-table"] .thumb--loading')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/app-classify.png` });

  // Save as CSV into the allowed folder, then read it back.
  const csvFile = path.join(host.dataRoot, 'classified.csv');
  await page.getByTestId('classify-csv-path').fill(csvFile);
  await page.getByTestId('classify-save').click();
  await expect(page.getByTestId('classify-saved')).toHaveText(`Saved 61 rows to ${csvFile}`);
  const [header, ...rows] = parseCsv(await readFile(csvFile, 'utf8'));
  expect(header.join(',')).toBe(CSV_HEADER);
  expect(rows).toHaveLength(61);
  expect(rows.some((r) => r[0].endsWith(path.join('Bag', 'nested', 'again.png')))).toBe(true);
  expect(rows.some((r) => r[0].endsWith('broken.png'))).toBe(false);
  expect(rows.every((r) => Number(r[2]) > 0 && Number(r[2]) <= 1 && r[1] !== '')).toBe(true);

  // A path outside the allowed folders is refused with the reason.
  await page.getByTestId('classify-csv-path').fill('/etc/classified.csv');
  await page.getByTestId('classify-save').click();
  await expect(page.getByText(/outside the workspace/)).toBeVisible();
  expect(pageErrors).toEqual([]);
});
