import { afterEach, describe, expect, it } from 'vitest';
// This test runs in Node (no global WebSocket before Node 22) against a real `ws` server;
// the renderer code under test still takes the browser's WebSocket by default.
// eslint-disable-next-line @typescript-eslint/no-restricted-imports
import { WebSocket as NodeWebSocket, WebSocketServer, type WebSocket } from 'ws';
import type { ApiRequest } from '../../src/service/api';
import { ApiError, createApiClient, type ApiClientOptions } from './client';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => {
    for (const socket of server.clients) socket.terminate();
    return new Promise((done) => server.close(done));
  }));
});

/** A real WebSocket server on a free port; `answer` handles each request on each connection. */
async function serve(answer: (request: ApiRequest, socket: WebSocket) => void): Promise<{ url: string; sockets: WebSocket[] }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  servers.push(server);
  const sockets: WebSocket[] = [];
  server.on('connection', (socket) => {
    sockets.push(socket);
    socket.on('message', (data) => answer(JSON.parse(String(data)) as ApiRequest, socket));
  });
  await new Promise((ready) => server.once('listening', ready));
  const { port } = server.address() as { port: number };
  return { url: `ws://127.0.0.1:${port}/api?token=t`, sockets };
}

const socketClient = (url: string) =>
  createApiClient({ host: null, url, WebSocket: NodeWebSocket as unknown as ApiClientOptions['WebSocket'] });

describe('createApiClient over a WebSocket', () => {
  it('queues calls until the socket opens and matches replies by id, in any order', async () => {
    const held: ApiRequest[] = [];
    const { url } = await serve((request, socket) => {
      held.push(request);
      if (held.length < 2) return;
      for (const r of held.reverse()) socket.send(JSON.stringify({ id: r.id, ok: true, result: `${r.method}(${JSON.stringify(r.args)})` }));
    });
    const api = socketClient(url);
    expect(api.connection().status).toBe('connecting');
    const [presets, preset] = await Promise.all([api.listPresets(), api.loadPreset('small-cnn')]);
    expect(presets).toBe('listPresets([])');
    expect(preset).toBe('loadPreset(["small-cnn"])');
    expect(api.connection().status).toBe('open');
  });

  it('rejects with the host\'s message and code when a call fails', async () => {
    const { url } = await serve((request, socket) =>
      socket.send(JSON.stringify({ id: request.id, ok: false, error: { message: 'unknown preset "x"', code: 'NOT_FOUND' } })));
    const failure = await socketClient(url).loadPreset('x').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ message: 'unknown preset "x"', code: 'NOT_FOUND', method: 'loadPreset' });
  });

  it('hands messages with an event field to onEvent subscribers', async () => {
    const { url } = await serve((request, socket) => {
      socket.send(JSON.stringify({ event: 'run.progress', epoch: 3 }));
      socket.send(JSON.stringify({ id: request.id, ok: true, result: null }));
    });
    const api = socketClient(url);
    const seen: unknown[] = [];
    api.onEvent((event) => seen.push(event));
    await api.hostInfo();
    expect(seen).toEqual([{ event: 'run.progress', epoch: 3 }]);
  });

  it('rejects pending and later calls once the host goes away, and says so', async () => {
    const { url, sockets } = await serve(() => sockets[0].close(1001, 'host stopped'));
    const api = socketClient(url);
    let changes = 0;
    api.onConnectionChange(() => changes++);
    const failure = await api.engines().catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(api.connection()).toMatchObject({ status: 'lost', reason: expect.stringContaining('host stopped') });
    expect(changes).toBe(2);
    await expect(api.listPresets()).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
  });

  it('reports a host that cannot be reached', async () => {
    const api = socketClient('ws://127.0.0.1:1/api?token=t');
    await expect(api.listPresets()).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    expect(api.connection().reason).toContain('Could not connect');
  });
});

describe('createApiClient over the Electron bridge', () => {
  it('unwraps replies and turns failures into ApiError', async () => {
    const api = createApiClient({
      host: {
        host: 'electron',
        invoke: async (method, args) =>
          method === 'loadPreset'
            ? { ok: false, error: { message: `no preset ${String(args[0])}`, code: 'NOT_FOUND' } }
            : { ok: true, result: [method, args] },
        onMenu: () => () => {},
        onEvent: () => () => {},
        onBeforeClose: () => () => {},
      },
    });
    expect(await api.pickPath('save', 'net.json')).toEqual(['pickPath', ['save', 'net.json']]);
    expect(await api.exportRun('r', 'tfjs', undefined)).toEqual(['exportRun', ['r', 'tfjs']]);
    await expect(api.loadPreset('x')).rejects.toMatchObject({ message: 'no preset x', code: 'NOT_FOUND' });
    expect(api.connection().status).toBe('open');
  });

  it('hands the preload\'s run events to onEvent subscribers', () => {
    let push: ((message: { event: 'run'; data: never }) => void) | null = null;
    const api = createApiClient({
      host: {
        host: 'electron',
        invoke: async () => ({ ok: true, result: null }),
        onMenu: () => () => {},
        onEvent: (listener) => {
          push = listener as typeof push;
          return () => {};
        },
        onBeforeClose: () => () => {},
      },
    });
    const heard: unknown[] = [];
    api.onEvent((event) => heard.push(event));
    push!({ event: 'run', data: { runId: 'r1', event: { type: 'skipped' } } as never });
    expect(heard).toEqual([{ event: 'run', data: { runId: 'r1', event: { type: 'skipped' } } }]);
  });
});
