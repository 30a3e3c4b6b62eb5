import { API_METHODS } from '../../src/contract/api';
import type { ApiMethod, ApiReply, ApiRequest, InceptionApi } from '../../src/service/api';
import type { InceptionHostBridge } from '../../electron/bridge';
import { parseServerMessage, type ApiEvent } from './messages';

export type { ApiEvent };

/** `connecting` until the WebSocket opens; `lost` for good once it closes. */
export interface ConnectionState {
  status: 'connecting' | 'open' | 'lost';
  /** Why the connection is lost, for the banner. */
  reason?: string;
}

/** The service API plus the transport's own hooks. */
export interface ApiClient extends InceptionApi {
  /** Subscribes to server pushes (messages with `event` instead of `id`); returns an unsubscribe function. */
  onEvent(handler: (event: ApiEvent) => void): () => void;
  connection(): ConnectionState;
  /** Calls `listener` whenever `connection()` changes; returns an unsubscribe function. */
  onConnectionChange(listener: () => void): () => void;
}

/** An error the host reported; `code` comes from the service's error codes, `option` names the fix (`ErrorOption`) when one does it. */
export class ApiError extends Error {
  constructor(message: string, readonly code: string, readonly method: ApiMethod, readonly option?: string) {
    super(message);
    this.name = 'ApiError';
  }
}

export const CONNECTION_LOST = 'The connection to the Inception Studio host was lost.';

/** The subset of the browser WebSocket the client uses; `ws`'s WebSocket fits it too. */
interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: never) => void) | null;
}

export interface ApiClientOptions {
  /** The Electron bridge; defaults to `window.inceptionHost`. Pass `null` to force the WebSocket. */
  host?: InceptionHostBridge | null;
  /** The WebSocket URL; defaults to `ws(s)://<location.host>/api?token=<token from the page URL>`. */
  url?: string;
  /** The WebSocket constructor; defaults to the browser's. */
  WebSocket?: new (url: string) => SocketLike;
}

type Call = (method: ApiMethod, args: unknown[]) => Promise<unknown>;

interface Transport {
  call: Call;
  onEvent(handler: (event: ApiEvent) => void): () => void;
  connection(): ConnectionState;
  onConnectionChange(listener: () => void): () => void;
}

/**
 * The typed service client for whichever host loaded the page: Electron IPC when the preload
 * exposes `window.inceptionHost`, otherwise the browser-mode WebSocket.
 * @example
 * const api = createApiClient();
 * const graph = await api.loadPreset('googlenet-96');
 */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const host = options.host === undefined ? findHostBridge() : options.host;
  const transport = host
    ? electronTransport(host)
    : socketTransport(options.url ?? defaultSocketUrl(), options.WebSocket ?? (globalThis.WebSocket as unknown as ApiClientOptions['WebSocket']));
  const methods = Object.fromEntries(
    API_METHODS.map((method) => [method, (...args: unknown[]) => transport.call(method, withoutTrailingUndefined(args))]),
  ) as unknown as InceptionApi;
  return {
    ...methods,
    onEvent: transport.onEvent,
    connection: transport.connection,
    onConnectionChange: transport.onConnectionChange,
  };
}

/** `f(a, undefined)` is sent as `[a]`: JSON would turn the undefined into a null, which optional arguments refuse. */
function withoutTrailingUndefined(args: unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return end === args.length ? args : args.slice(0, end);
}

function findHostBridge(): InceptionHostBridge | null {
  if (typeof window === 'undefined') return null;
  const bridge = (window as { inceptionHost?: InceptionHostBridge }).inceptionHost;
  return bridge && typeof bridge.invoke === 'function' ? bridge : null;
}

function defaultSocketUrl(): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${location.host}/api?token=${encodeURIComponent(token)}`;
}

function eventHub() {
  const handlers = new Set<(event: ApiEvent) => void>();
  return {
    subscribe(handler: (event: ApiEvent) => void): () => void {
      handlers.add(handler);
      return () => void handlers.delete(handler);
    },
    emit(event: ApiEvent): void {
      for (const handler of [...handlers]) {
        try {
          handler(event);
        } catch (error) {
          console.error(`handler for host event "${event.event}" failed`, error);
        }
      }
    },
  };
}

function electronTransport(host: InceptionHostBridge): Transport {
  // Run events come through the preload's onEvent, in the same envelope browser mode pushes.
  const events = eventHub();
  if (typeof host.onEvent === 'function') host.onEvent((message) => events.emit(message as unknown as ApiEvent));
  const open: ConnectionState = { status: 'open' };
  return {
    async call(method, args) {
      const reply = await host.invoke(method, args);
      if (reply.ok) return reply.result;
      throw new ApiError(reply.error.message, reply.error.code, method, reply.error.option);
    },
    onEvent: events.subscribe,
    connection: () => open,
    onConnectionChange: () => () => {},
  };
}

interface Pending { method: ApiMethod; resolve(value: unknown): void; reject(error: Error): void }

const SOCKET_OPEN = 1;

function socketTransport(url: string, Socket: ApiClientOptions['WebSocket']): Transport {
  const token = new URL(url).searchParams.get('token') ?? '';
  const events = eventHub();
  const listeners = new Set<() => void>();
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  let nextId = 1;
  let state: ConnectionState = { status: 'connecting' };

  const setState = (next: ConnectionState) => {
    state = next;
    for (const listener of [...listeners]) listener();
  };

  const fail = (reason: string) => {
    if (state.status === 'lost') return;
    setState({ status: 'lost', reason });
    queue.length = 0;
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(new ApiError(`${call.method}: ${CONNECTION_LOST} ${reason}`, 'CONNECTION_LOST', call.method));
    }
  };

  const socket = connect();
  if (socket) {
    const ws = socket;
    // Handlers are assigned, not added, so the `ws` package's WebSocket works here too (tests).
    ws.onopen = () => {
      setState({ status: 'open' });
      for (const message of queue.splice(0)) ws.send(message);
    };
    ws.onmessage = (message) => {
      if (typeof message.data !== 'string') {
        console.warn('ignored a binary message from the host');
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(message.data);
      } catch {
        console.warn(`ignored a message from the host that is not JSON: ${message.data.slice(0, 80)}`);
        return;
      }
      const parsed = parseServerMessage(raw);
      if (parsed.type === 'event') events.emit(parsed.event);
      else if (parsed.type === 'reply') settle(parsed.reply);
      else console.warn(`ignored a message from the host: ${parsed.problem}`);
    };
    ws.onclose = (event) => {
      const opened = state.status === 'open';
      const why = event.reason ? ` (${event.reason})` : event.code ? ` (code ${event.code})` : '';
      fail(opened
        ? `The host closed the connection${why}. Restart it and reload this page.`
        : `Could not connect to the host${why}. Check that it is running and that the page URL carries its token.`);
    };
    ws.onerror = () => {
      // A close event always follows and carries the details.
    };
  }

  function connect(): SocketLike | null {
    if (!Socket) {
      fail('This page has no WebSocket support.');
      return null;
    }
    try {
      return new Socket(url);
    } catch (error) {
      fail(`Could not connect to ${redactToken(url)}: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    }
  }

  function settle(reply: ApiReply): void {
    const call = pending.get(reply.id);
    if (!call) {
      console.warn(`ignored a reply to unknown request ${reply.id}`);
      return;
    }
    pending.delete(reply.id);
    if (reply.ok) call.resolve(reply.result);
    else call.reject(new ApiError(reply.error.message, reply.error.code, call.method, reply.error.option));
  }

  return {
    call(method, args) {
      if (state.status === 'lost' || !socket) {
        return Promise.reject(new ApiError(`${method}: ${CONNECTION_LOST} ${state.reason ?? ''}`.trim(), 'CONNECTION_LOST', method));
      }
      // The host checks the token on every message, not only when the socket opens.
      const request: ApiRequest = { id: nextId++, method, args, token };
      const message = JSON.stringify(request);
      return new Promise((resolve, reject) => {
        pending.set(request.id, { method, resolve, reject });
        if (socket.readyState === SOCKET_OPEN) socket.send(message);
        else queue.push(message);
      });
    },
    onEvent: events.subscribe,
    connection: () => state,
    onConnectionChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

function redactToken(url: string): string {
  return url.replace(/token=[^&]*/, 'token=…');
}
