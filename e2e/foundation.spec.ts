import { tfjsBackendsHere } from '../src/testing/tfjsBackends';
import { expect, SHOTS, test } from './fixtures';

test('opens the app, loads googlenet-96 and shows its exact parameter count', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('preset-select').selectOption('googlenet-96');
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await expect(page.getByTestId('status-nontrainable')).toContainText('14,560');
  await expect(page.getByTestId('node-pool1').getByTestId('node-shape')).toHaveText('64×23×23');
  await expect(page.getByTestId('node-avgpool').getByTestId('node-shape')).toHaveText('1024×1×1');
  // The best TF.js backend this machine has: tfjs-node where it loads, else wasm. The host answers once it has
  // also probed each Python for torch, which can take a while on a busy machine.
  await expect(page.getByTestId('status-engine')).toHaveText(new RegExp(` · ${tfjsBackendsHere()[0]}$`), { timeout: 60_000 });
  const discard = page.getByRole('button', { name: 'Discard' });
  if (await discard.isVisible()) await discard.click();
  await page.screenshot({ path: `${SHOTS}/googlenet-96.png` });
});

test('loads the ImageNet googlenet preset with 1000 outputs', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('preset-select').selectOption('googlenet');
  await expect(page.getByTestId('node-fc').getByTestId('node-shape')).toHaveText('1000');
  await expect(page.getByTestId('status-errors')).toContainText('0');
});

test('refuses HTTP and WebSocket requests without the token', async ({ page, app }) => {
  const bare = await page.request.get(`${app.origin}/`, { failOnStatusCode: false });
  expect(bare.status()).toBe(401);
  const wrong = await page.request.get(`${app.origin}/?token=wrong`, { failOnStatusCode: false });
  expect(wrong.status()).toBe(401);

  await page.goto(app.url);
  const outcome = await page.evaluate(async (origin) => {
    const wsUrl = origin.replace('http', 'ws') + '/api';
    return new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl.replace('/api', '/api?token=not-the-token'));
      ws.onopen = () => resolve('opened');
      ws.onerror = () => resolve('refused');
    });
  }, app.origin);
  expect(outcome).toBe('refused');
});
