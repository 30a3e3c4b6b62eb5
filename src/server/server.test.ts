import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createService } from '../service/service';
import { startServer, type RunningServer } from './server';

let dir: string;
let server: RunningServer;
const base = () => `http://127.0.0.1:${server.port}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'inception-server-'));
  const renderer = path.join(dir, 'renderer');
  await mkdir(renderer);
  await writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Inception Studio</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  await symlink(path.join(dir, 'secret.txt'), path.join(renderer, 'link.txt'));
  const api = createService({ host: 'browser', workspace: path.join(dir, 'workspace') });
  server = await startServer({ api, rendererDir: renderer });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

/** Opens a WebSocket and resolves with the first reply, or with the HTTP status of a refused upgrade. */
function call(url: string, request: unknown, headers: Record<string, string> = {}): Promise<{ status?: number; reply?: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }));
    ws.on('error', (error) => (error.message.includes('Unexpected server response') ? undefined : reject(error)));
    ws.on('open', () => ws.send(typeof request === 'string' ? request : JSON.stringify(request)));
    ws.on('message', (data) => {
      resolve({ reply: JSON.parse(String(data)) });
      ws.close();
    });
  });
}

describe('browser-mode server', () => {
  it('prints a loopback URL with a token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/);
  });

  it('refuses HTTP requests without the right token', async () => {
    expect((await fetch(`${base()}/`)).status).toBe(401);
    expect((await fetch(`${base()}/?token=wrong`)).status).toBe(401);
    const ok = await fetch(server.url);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Inception Studio');
  });

  it('accepts the cookie set by the first authorised request', async () => {
    const first = await fetch(server.url);
    const cookie = first.headers.get('set-cookie')!.split(';')[0];
    expect((await fetch(`${base()}/index.html`, { headers: { cookie } })).status).toBe(200);
  });

  it('refuses a WebSocket without the token', async () => {
    expect(await call(`ws://127.0.0.1:${server.port}/api`, {})).toEqual({ status: 401 });
    expect(await call(`ws://127.0.0.1:${server.port}/api?token=nope`, {})).toEqual({ status: 401 });
  });

  it('refuses a WebSocket from another origin or host name', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect(await call(url, {}, { origin: 'http://evil.example' })).toEqual({ status: 403 });
    expect(await call(url, {}, { host: `evil.example:${server.port}` })).toEqual({ status: 421 });
  });

  it('answers API calls with the token', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    const { reply } = await call(url, { id: 7, method: 'inspect', args: [{ not: 'a graph' }], token: server.token });
    expect(reply).toMatchObject({ id: 7, ok: true, result: { errors: [{ message: expect.stringContaining('format') }] } });
    const presets = await call(url, { id: 8, method: 'listPresets', args: [], token: server.token });
    expect(presets.reply).toMatchObject({ id: 8, ok: true });
  });

  it('rejects malformed messages and unknown methods with a reason', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect((await call(url, 'not json')).reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await call(url, { id: 1, method: 'rm -rf', args: [], token: server.token })).reply).toMatchObject({
      id: 1,
      ok: false,
      error: { code: 'BAD_REQUEST', message: expect.stringContaining('unknown method') },
    });
    expect((await call(url, { id: 2, method: 'loadPreset', args: [42], token: server.token })).reply).toMatchObject({ id: 2, ok: false });
  });

  it('checks the token on every message, not only at the upgrade', async () => {
    const url = `ws://127.0.0.1:${server.port}/api?token=${server.token}`;
    expect((await call(url, { id: 3, method: 'listPresets', args: [] })).reply).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect((await call(url, { id: 4, method: 'listPresets', args: [], token: 'guess' })).reply).toMatchObject({ id: 4, ok: false, error: { code: 'FORBIDDEN' } });
  });

  it('serves no file outside the renderer folder, through .. or a symlink', async () => {
    const cookie = (await fetch(server.url)).headers.get('set-cookie')!.split(';')[0];
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/link.txt', '/%00']) {
      expect((await fetch(`${base()}${p}`, { headers: { cookie } })).status, p).toBe(404);
    }
  });
});
