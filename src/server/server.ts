import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import type { ClassifyEventMessage, InceptionApi, RunEventMessage } from '../service/api';
import { dispatch } from '../service/dispatch';
import { serveStatic } from './staticFiles';
import { newToken, requestToken, TOKEN_COOKIE, tokensEqual } from './token';

export interface ServerOptions {
  api: InceptionApi & {
    onRunEvent?(listener: (message: RunEventMessage) => void): () => void;
    onClassifyEvent?(listener: (message: ClassifyEventMessage) => void): () => void;
  };
  /** The built renderer (`dist/renderer`). */
  rendererDir: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

const requestSchema = z.strictObject({
  id: z.number().int().nonnegative(),
  method: z.string().max(64),
  args: z.array(z.unknown()).max(8),
  token: z.string().max(200),
});

const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** On a loopback bind, only loopback host names are served, so a DNS-rebinding page cannot reach us. */
function hostHeaderAllowed(bindHost: string, hostHeader: string | undefined): boolean {
  if (!LOOPBACK_NAMES.has(bindHost) && bindHost !== '::1') return true;
  if (!hostHeader) return false;
  const name = hostHeader.startsWith('[') ? hostHeader.slice(0, hostHeader.indexOf(']') + 1) : hostHeader.split(':')[0];
  return LOOPBACK_NAMES.has(name.toLowerCase());
}

function refuse(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(message);
}

/** Browser-mode host: serves the renderer and the service API over a WebSocket, both behind a random token. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const host = options.host ?? '127.0.0.1';
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch((error: Error) => refuse(res, 500, `internal error: ${error.message}`));
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!hostHeaderAllowed(host, req.headers.host)) return refuse(res, 421, 'Wrong Host header for a loopback server.');
    if (!tokensEqual(requestToken(url, req.headers.cookie), token)) {
      return refuse(res, 401, 'Missing or wrong token. Open the URL that `inception serve` printed.');
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, 'Only GET is served here.');
    res.setHeader('content-security-policy', CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    if (url.searchParams.has('token')) {
      res.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`);
    }
    await serveStatic(options.rendererDir, url.pathname, res);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const reject = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    };
    if (url.pathname !== '/api') return reject('404 Not Found');
    if (!hostHeaderAllowed(host, req.headers.host)) return reject('421 Misdirected Request');
    if (!tokensEqual(requestToken(url, req.headers.cookie), token)) return reject('401 Unauthorized');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) return reject('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws));
  });

  function serveSocket(ws: WebSocket): void {
    const push = (event: string) => (data: unknown) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ event, data }));
    };
    const unsubscribe = [options.api.onRunEvent?.(push('run')), options.api.onClassifyEvent?.(push('classify'))];
    ws.on('close', () => unsubscribe.forEach((u) => u?.()));
    ws.on('message', (data, isBinary) => {
      void (async () => {
        let id = -1;
        try {
          if (isBinary) throw new Error('expected a JSON text message');
          const parsed = requestSchema.safeParse(JSON.parse(String(data)));
          if (!parsed.success) throw new Error(`expected {id, method, args, token}: ${parsed.error.issues[0].message}`);
          id = parsed.data.id;
          if (!tokensEqual(parsed.data.token, token)) {
            ws.send(JSON.stringify({ id, ok: false, error: { code: 'FORBIDDEN', message: 'wrong token' } }));
            ws.close(1008, 'wrong token');
            return;
          }
          const reply = await dispatch(options.api, parsed.data.method, parsed.data.args);
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, ...reply }));
        } catch (error) {
          if (ws.readyState === ws.OPEN) {
            ws.send(JSON.stringify({ id, ok: false, error: { code: 'BAD_REQUEST', message: (error as Error).message } }));
          }
        }
      })();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
