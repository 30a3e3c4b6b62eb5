import type { Locator, Page } from '@playwright/test';
import { expect, SHOTS, test } from './fixtures';

const fmt = (n: number) => n.toLocaleString('en-US');

/** Parameters of one ConvBNReLU: conv weights and bias, then BatchNorm's scale and shift. */
const convBnRelu = (cin: number, cout: number, k: number) => k * k * cin * cout + cout + 2 * cout;

/** Drops a palette item on the canvas so the node's centre lands at (x, y) in canvas pixels. */
async function drop(page: Page, kind: string, x: number, y: number) {
  await page.getByTestId(`palette-${kind}`).dragTo(page.getByTestId('canvas'), { targetPosition: { x, y } });
}

/** Drags from one node's output handle to another's input handle. */
async function connect(page: Page, from: string, to: string) {
  const source = await page.getByTestId(`node-${from}`).locator('.react-flow__handle.source').boundingBox();
  const target = await page.getByTestId(`node-${to}`).locator('.react-flow__handle.target').boundingBox();
  if (!source || !target) throw new Error(`no handles on ${from} or ${to}`);
  await page.mouse.move(source.x + source.width / 2, source.y + source.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x + target.width / 2, target.y + target.height / 2, { steps: 8 });
  await page.mouse.up();
}

/** Selects a node by clicking its title. */
async function select(page: Page, id: string, modifiers: ('Shift')[] = []) {
  await page.getByTestId(`node-${id}`).locator('.layer-node__title').click({ modifiers });
}

async function setParam(page: Page, name: string, value: string) {
  await page.getByTestId(`param-${name}`).fill(value);
}

/** Takes the focus out of the inspector, so keys go to the editor. */
async function blur(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
}

/** Closes the editor's message, if one shows, so it covers nothing in a screenshot. */
async function dismissNotice(page: Page) {
  const close = page.getByTestId('editor-notice').getByRole('button', { name: 'Dismiss' });
  if (await close.count()) await close.click();
}

/** Calls one service method over browser mode's WebSocket, as a second client beside the page. */
function callApi(page: Page, app: { origin: string; token: string }, method: string, args: unknown[] = []): Promise<unknown> {
  return page.evaluate(({ origin, token, method, args }) => new Promise((resolve, reject) => {
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`);
    ws.onopen = () => ws.send(JSON.stringify({ id: 1, method, args, token }));
    ws.onmessage = (message) => {
      ws.close();
      resolve((JSON.parse(String(message.data)) as { result?: unknown }).result ?? null);
    };
    ws.onerror = () => reject(new Error('no connection to the host'));
  }), { ...app, method, args });
}

/** Deletes the workspace's autosave, so no earlier test's design is offered back. */
const clearAutosave = (page: Page, app: { origin: string; token: string }) => callApi(page, app, 'clearAutosave');

const shapeOf = (page: Page, id: string): Locator => page.getByTestId(`node-${id}`).getByTestId('node-shape');

/** Every node's id, shape and parameter count, and every edge id, as the canvas shows them. */
async function canvasSnapshot(page: Page) {
  return page.evaluate(() => ({
    nodes: [...document.querySelectorAll('[data-testid^="node-"].layer-node')].map((el) => [
      el.getAttribute('data-testid'),
      el.querySelector('[data-testid="node-shape"]')?.textContent,
      el.querySelector('[data-testid="node-params"]')?.textContent,
    ]).sort(),
    edges: [...document.querySelectorAll('[data-testid^="rf__edge-"]')].map((el) => el.getAttribute('data-testid')).sort(),
    trainable: document.querySelector('[data-testid="status-trainable"]')?.textContent,
  }));
}

/** Pairs of rendered nodes whose boxes intersect. */
async function overlaps(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => ({ id: el.dataset.id, r: el.getBoundingClientRect() }));
    const found: string[] = [];
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        const apart = a.r.right <= b.r.left || b.r.right <= a.r.left || a.r.bottom <= b.r.top || b.r.bottom <= a.r.top;
        if (!apart) found.push(`${a.id}/${b.id}`);
      }
    });
    return found;
  });
}

test.describe.configure({ mode: 'serial' });

test('builds a network from the palette with exact shapes and counts, edits, undoes, copies, saves and reopens it', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await page.getByTestId('file-new').click();
  await expect(page.getByTestId('design-name')).toHaveText('Untitled');
  await expect(page.locator('.react-flow__node')).toHaveCount(0);

  // Add: seven layers dragged from the palette.
  await drop(page, 'Input', 150, 90);
  await drop(page, 'ConvBNReLU', 150, 200);
  await drop(page, 'MaxPool', 150, 310);
  await drop(page, 'Inception', 150, 420);
  await drop(page, 'GlobalAvgPool', 480, 90);
  await drop(page, 'Flatten', 480, 200);
  await drop(page, 'Dense', 480, 310);
  for (const id of ['input', 'conv', 'maxpool', 'inception', 'gap', 'flatten', 'fc']) await expect(page.getByTestId(`node-${id}`)).toBeVisible();
  await expect(page.getByTestId('dirty-marker')).toBeVisible();

  // Params, through the inspector generated from each layer's declaration.
  await select(page, 'input');
  await setParam(page, 'height', '32');
  await setParam(page, 'width', '32');
  await expect(shapeOf(page, 'input')).toHaveText('3×32×32');
  await select(page, 'conv');
  await setParam(page, 'filters', '16');
  await setParam(page, 'padding', '1');

  // A connection that cannot fit is refused with the reason.
  await connect(page, 'input', 'fc');
  await expect(page.getByTestId('editor-notice')).toContainText('add a Flatten or GlobalAvgPool');
  await expect(page.locator('.react-flow__edge')).toHaveCount(0);

  await connect(page, 'input', 'conv');
  await connect(page, 'conv', 'maxpool');
  await connect(page, 'maxpool', 'inception');
  await connect(page, 'inception', 'gap');
  await connect(page, 'gap', 'flatten');
  await connect(page, 'flatten', 'fc');
  await expect(page.locator('.react-flow__edge')).toHaveCount(6);

  // 32×32 → conv 3×3 p1 keeps 32×32 → max-pool 3 /2 gives 15×15 → Inception 64+128+32+32 = 256 channels.
  const expected = { input: '3×32×32', conv: '16×32×32', maxpool: '16×15×15', inception: '256×15×15', gap: '256', flatten: '256', fc: '10' };
  for (const [id, shape] of Object.entries(expected)) await expect(shapeOf(page, id)).toHaveText(shape);
  const inception = convBnRelu(16, 64, 1) + convBnRelu(16, 96, 1) + convBnRelu(96, 128, 3)
    + convBnRelu(16, 16, 1) + convBnRelu(16, 32, 5) + convBnRelu(16, 32, 1);
  const total = convBnRelu(3, 16, 3) + inception + (256 * 10 + 10);
  expect(total).toBe(130_874);
  await expect(page.getByTestId('status-trainable')).toHaveText(fmt(total));
  await expect(page.getByTestId('node-inception').getByTestId('node-params')).toHaveText(fmt(inception));
  await expect(page.getByTestId('status-errors')).toHaveText('0');
  await select(page, 'inception');
  await page.getByTestId('edge-shapes-toggle').check();
  await dismissNotice(page);
  await page.screenshot({ path: `${SHOTS}/editor-build.png` });
  await page.getByTestId('edge-shapes-toggle').uncheck();

  // An error: a kernel larger than its input, shown on that node; typing it is one undo step.
  await select(page, 'conv');
  await page.getByTestId('param-kernel').selectText();
  await page.getByTestId('param-kernel').pressSequentially('40');
  await expect(page.getByTestId('node-conv').getByTestId('node-error')).toContainText('larger than its 32×32 input');
  await expect(page.getByTestId('node-conv')).toHaveAttribute('title', /kernel 40×40 with padding 1 is larger than its 32×32 input/);
  await expect(page.getByTestId('param-error-kernel')).toBeVisible();
  await expect(page.getByTestId('status-errors')).toHaveText('1');
  await dismissNotice(page);
  await page.screenshot({ path: `${SHOTS}/editor-error.png` });
  await page.getByTestId('status-errors-button').click();
  await page.getByTestId('status-error-list').getByRole('button').first().click();
  await expect(page.getByTestId('inspector-id')).toHaveText('conv');

  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(shapeOf(page, 'conv')).toHaveText('16×32×32');
  await expect(page.getByTestId('status-errors')).toHaveText('0');
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('status-errors')).toHaveText('1');
  await page.keyboard.press('Control+y');
  await expect(page.getByTestId('status-errors')).toHaveText('1');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('status-trainable')).toHaveText(fmt(total));

  // Copy and paste a connected pair: both nodes and the edge between them.
  await select(page, 'flatten');
  await select(page, 'fc', ['Shift']);
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-flatten_2')).toBeVisible();
  await expect(page.getByTestId('node-fc_2')).toBeVisible();
  await expect(page.getByTestId('rf__edge-flatten_2__fc_2__0')).toBeAttached();
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-fc_2')).toHaveCount(0);

  // Save, reload the page, open the file: the same graph.
  const before = await canvasSnapshot(page);
  await page.getByTestId('file-save').click();
  await page.getByTestId('save-name').fill('hand-built');
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
  await expect(page.getByTestId('editor-notice')).toContainText('Saved hand-built.json');

  await page.reload();
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await page.getByTestId('file-open').click();
  await page.getByTestId('open-design-hand-built').click();
  await expect(page.getByTestId('status-trainable')).toHaveText(fmt(total));
  expect(await canvasSnapshot(page)).toEqual(before);
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
});

test('explodes an Inception of googlenet with the totals unchanged, undoes it, and auto-layouts without overlaps', async ({ page, app }) => {
  await page.goto(app.url);
  await page.getByTestId('preset-select').selectOption('googlenet');
  await expect(shapeOf(page, 'fc')).toHaveText('1000');
  const trainable = await page.getByTestId('status-trainable').textContent();
  const nonTrainable = await page.getByTestId('status-nontrainable').textContent();
  const macs = await page.getByTestId('status-macs').textContent();

  await page.getByTestId('node-inception3a').getByTestId('node-expand').click();
  await expect(page.getByTestId('node-inception3a').getByTestId('node-branches').locator('li')).toHaveCount(5);
  // Looking at the branches is no edit: the design stays saved and the preset stays chosen.
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
  await expect(page.getByTestId('preset-select')).toHaveValue('googlenet');

  await select(page, 'inception3a');
  await page.getByTestId('inspector-explode').click();
  await expect(page.getByTestId('node-inception3a')).toHaveCount(0);
  for (const part of ['b1', 'b2_reduce', 'b2', 'b3_reduce', 'b3', 'b4_pool', 'b4', 'concat']) {
    await expect(page.getByTestId(`node-inception3a_${part}`)).toBeAttached();
  }
  await expect(shapeOf(page, 'inception3a_concat')).toHaveText('256×28×28');
  await expect(page.getByTestId('status-trainable')).toHaveText(trainable!);
  await expect(page.getByTestId('status-nontrainable')).toHaveText(nonTrainable!);
  await expect(page.getByTestId('status-macs')).toHaveText(macs!);
  await expect(page.getByTestId('status-errors')).toHaveText('0');
  expect(await overlaps(page)).toEqual([]);
  await page.screenshot({ path: `${SHOTS}/editor-exploded.png` });

  await blur(page);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-inception3a')).toBeVisible();
  await expect(page.getByTestId('node-inception3a_b1')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('node-inception3a_b1')).toBeAttached();

  // Auto-layout: one undo step, and no two nodes overlap.
  const y = async () => (await page.getByTestId('node-inception3a_b1').boundingBox())!.y;
  const before = await y();
  await page.getByTestId('layout-button').click();
  await expect.poll(y).not.toBe(before);
  await expect.poll(() => overlaps(page)).toEqual([]);
  await expect(page.getByTestId('status-trainable')).toHaveText(trainable!);
  await page.waitForTimeout(400); // the view's move to the laid-out design
  await page.screenshot({ path: `${SHOTS}/editor-layout.png` });
});

test('quick-add, help overlay, and an autosaved design offered back after a reload', async ({ page, app }) => {
  await page.goto(app.url);
  await clearAutosave(page, app);
  await page.reload();
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await expect(page.getByTestId('restore-banner')).toHaveCount(0);

  // Quick-add by typing: a ReLU beside the selected node, connected to it.
  await select(page, 'pool1');
  await page.keyboard.type('relu');
  await expect(page.getByTestId('quick-add')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-relu')).toBeVisible();
  await expect(page.getByTestId('rf__edge-pool1__relu__0')).toBeAttached();
  await expect(shapeOf(page, 'relu')).toHaveText('64×23×23');
  await expect(page.getByTestId('dirty-marker')).toBeVisible();

  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Undo');
  await page.screenshot({ path: `${SHOTS}/editor-help.png` });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  // Autosave runs every few seconds while there are unsaved changes; a reload offers it back.
  await page.waitForTimeout(3500);
  await page.reload();
  await expect(page.getByTestId('restore-banner')).toContainText('Restore unsaved design');
  await page.getByTestId('restore-accept').click();
  await expect(page.getByTestId('node-relu')).toBeVisible();
  await expect(page.getByTestId('dirty-marker')).toBeVisible();
  await expect(page.getByTestId('restore-banner')).toHaveCount(0);
});

test('a window about to close saves the unsaved design before it goes (the preload\'s onBeforeClose)', async ({ page, app }) => {
  // Electron cannot run here; the page gets what the preload would expose for this, and nothing else,
  // so the API still goes over the WebSocket and the main process's part is played by the test.
  await page.addInitScript(() => {
    const w = window as unknown as { inceptionHost: unknown; beforeClose?: () => Promise<void> | void };
    w.inceptionHost = { host: 'electron', onBeforeClose: (listener: () => Promise<void> | void) => {
      w.beforeClose = listener;
      return () => undefined;
    } };
  });
  await page.goto(app.url);
  await clearAutosave(page, app);
  await page.reload();
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await select(page, 'pool1');
  await page.keyboard.type('relu');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('node-relu')).toBeVisible();
  // Straight away, well inside the 3-second autosave period: the close request itself must save.
  await page.evaluate(() => (window as unknown as { beforeClose: () => Promise<void> }).beforeClose());
  const saved = await callApi(page, app, 'loadAutosave') as { graph: { nodes: { id: string }[] } } | null;
  expect(saved?.graph.nodes.map((n) => n.id)).toContain('relu');
  await clearAutosave(page, app);
});

test('copied nodes go to the system clipboard as design text, and design text from elsewhere pastes as nodes', async ({ page, app, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
  await page.goto(app.url);
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await select(page, 'conv1');
  await select(page, 'pool1', ['Shift']);
  await page.keyboard.press('Control+c');
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText())) as { format: string; nodes: { id: string }[]; edges: { source: string; target: string }[] };
  expect(copied.format).toBe('inception-studio.graph');
  expect(copied.nodes.map((n) => n.id)).toEqual(['conv1', 'pool1']);
  expect(copied.edges.map((e) => `${e.source}>${e.target}`)).toEqual(['conv1>pool1']);

  // A design's text copied from another window or a text editor: a ReLU feeding a Flatten.
  const elsewhere = {
    format: 'inception-studio.graph', version: 2, name: 'from a text editor',
    nodes: [
      { id: 'act', kind: 'ReLU', params: {}, position: { x: 900, y: 0 } },
      { id: 'flat', kind: 'Flatten', params: {}, position: { x: 900, y: 120 } },
    ],
    edges: [{ id: 'act__flat__0', source: 'act', target: 'flat', targetSlot: 0 }],
  };
  await page.evaluate((text) => navigator.clipboard.writeText(text), JSON.stringify(elsewhere));
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-act')).toBeVisible();
  await expect(page.getByTestId('node-flat')).toBeVisible();
  await expect(page.getByTestId('rf__edge-act__flat__0')).toBeAttached();

  // Text that is no design pastes nothing.
  await page.evaluate(() => navigator.clipboard.writeText('conv1 64×48×48'));
  const before = await page.locator('.react-flow__node').count();
  await page.keyboard.press('Control+v');
  await page.waitForTimeout(200);
  expect(await page.locator('.react-flow__node').count()).toBe(before);
});


/** The smallest on-screen size, in CSS pixels, of the node text a user reads first (each visible label's font × zoom). */
const smallestLabel = (page: Page): Promise<number> => page.evaluate(() => {
  const zoom = new DOMMatrix(getComputedStyle(document.querySelector('.react-flow__viewport')!).transform).a;
  const canvas = document.querySelector('[data-testid="canvas"]')!.getBoundingClientRect();
  const sizes = [...document.querySelectorAll<HTMLElement>('.layer-node__title, .layer-node__id, .layer-node__shape')]
    .filter((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.bottom > canvas.top && r.top < canvas.bottom && getComputedStyle(el).display !== 'none';
    })
    .map((el) => {
      const after = getComputedStyle(el, '::after');
      const font = parseFloat(getComputedStyle(el).fontSize) || (after.content !== 'none' ? parseFloat(after.fontSize) : 0);
      return font * zoom;
    });
  return Math.min(...sizes);
});

test('stays readable and honest: zoomed-out labels, errors on node and field, room for branches, notices that do not nag or cover', async ({ page, app }) => {
  test.setTimeout(150_000);
  await page.goto(app.url);
  await clearAutosave(page, app);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');

  // Readable at the first view: no label under 11 px on screen. Fit view then shows every layer of GoogLeNet.
  expect(await smallestLabel(page)).toBeGreaterThanOrEqual(11);
  await page.getByTestId('fit-button').click();
  await page.waitForTimeout(400);
  const area = (await page.getByTestId('canvas').boundingBox())!;
  const outside = await page.locator('.react-flow__node').evaluateAll((nodes, c) => nodes.filter((n) => {
    const r = n.getBoundingClientRect();
    return r.top < c.y - 1 || r.bottom > c.y + c.height + 1 || r.left < c.x - 1 || r.right > c.x + c.width + 1;
  }).length, area);
  expect(outside).toBe(0);
  await page.screenshot({ path: `${SHOTS}/editor-overview.png` });

  // The unavailable-backends notice: nothing from another platform, details inside the window, dismissed for good.
  // The host's engine check takes a while on a busy machine.
  const notice = page.getByTestId('backend-notice');
  await expect(notice).toBeVisible({ timeout: 60_000 });
  await page.getByTestId('backend-notice-details').click();
  const list = page.getByTestId('backend-notice-list');
  await expect(list).not.toContainText('mps');
  const box = (await list.boundingBox())!;
  const viewport = page.viewportSize()!;
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(await list.locator('li').evaluateAll((items) => items.filter((li) => li.scrollWidth > li.clientWidth + 1).length)).toBe(0);
  await page.screenshot({ path: `${SHOTS}/editor-backends.png` });
  await page.getByTestId('backend-notice-dismiss').click();
  await page.reload();
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await expect(page.getByTestId('status-engine')).not.toHaveText('checking…', { timeout: 60_000 });
  await expect(notice).toHaveCount(0);

  // A kernel that is no number is the same error on the node and in the field, no stale 7×7.
  await select(page, 'conv1');
  await expect(page.getByTestId('undo-button')).toBeDisabled();
  await setParam(page, 'kernel', '7'); // what it is already: nothing to undo
  await expect(page.getByTestId('undo-button')).toBeDisabled();
  await setParam(page, 'kernel', 'abc');
  const conv1 = page.getByTestId('node-conv1');
  await expect(page.getByTestId('param-error-kernel')).toHaveText('expected a whole number from 1 to 255, or [height, width] of them, got "abc"');
  await expect(conv1.getByTestId('node-error')).toHaveText('expected a whole number from 1 to 255, or [height, width] of them, got "abc"');
  await expect(conv1.locator('.layer-node__summary')).not.toContainText('7×7');
  // The totals would miss every layer after conv1: they say so instead of showing a part.
  await expect(page.getByTestId('status-trainable')).toHaveText('—');
  await expect(page.getByTestId('status-totals-why')).toBeVisible();
  await setParam(page, 'kernel', '7'); // back where it was: the step it opened goes
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await expect(page.getByTestId('undo-button')).toBeDisabled();

  // Help text renders `names` as code, with no backtick.
  await page.getByTestId('palette-Conv2D').dblclick();
  await expect(page.getByTestId('layer-description').locator('code')).toHaveText('filters');
  await expect(page.getByTestId('layer-description')).not.toContainText('`');
  await blur(page);
  await page.keyboard.press('Control+z');

  // Show branches makes room: the nodes below move down, nothing is covered.
  await page.getByTestId('node-inception3a').getByTestId('node-expand').click();
  await expect(page.getByTestId('node-inception3a').getByTestId('node-branches')).toBeVisible();
  await expect.poll(() => overlaps(page)).toEqual([]);

  // A refused connection's message sits at the top of the canvas and lets clicks through to what is under it.
  await connect(page, 'conv2', 'conv1');
  const toast = page.getByTestId('editor-notice');
  await expect(toast).toContainText('cycle');
  const canvasBox = (await page.getByTestId('canvas').boundingBox())!;
  const toastBox = (await toast.boundingBox())!;
  expect(toastBox.y).toBeLessThan(canvasBox.y + 60);
  const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-testid="editor-notice"]') === null, { x: toastBox.x + 20, y: toastBox.y + toastBox.height / 2 });
  expect(under).toBe(true);
  await page.screenshot({ path: `${SHOTS}/editor-branches.png` });
});

test('Save As names an untitled design after its file', async ({ page, app }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('status-trainable')).toHaveText('5,998,362');
  await page.getByTestId('file-new').click();
  await expect(page.getByTestId('design-name')).toHaveText('Untitled');
  await drop(page, 'Input', 200, 120);
  await page.getByTestId('file-save-as').click();
  await page.getByTestId('save-name').fill('digits net');
  await page.getByTestId('save-confirm').click();
  await expect(page.getByTestId('design-name')).toHaveText('digits net');
  await expect(page.getByTestId('dirty-marker')).toHaveCount(0);
});
