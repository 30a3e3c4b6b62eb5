import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/csp';

const fromRoot = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * The renderer's Content-Security-Policy as a <meta>, the same policy Electron sends as a header
 * (a file:// page gets no headers). `frame-ancestors` is dropped: browsers ignore it in a <meta>
 * and warn. Added only to the build: the dev server needs inline scripts for React Fast Refresh.
 */
const CSP = CONTENT_SECURITY_POLICY.split(';')
  .map((directive) => directive.trim())
  .filter((directive) => directive && !directive.startsWith('frame-ancestors'))
  .join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'inception-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

/**
 * The renderer: `renderer/` built to `dist/renderer` with relative URLs, so the same files load
 * from the browser-mode server and from file:// in Electron.
 * In `vite dev`, `/api` is proxied to a running `inception serve` (INCEPTION_API, default port 5190);
 * open the dev page with that server's `?token=`.
 */
export default defineConfig({
  root: fromRoot('./renderer'),
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: fromRoot('./dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
  },
  server: {
    proxy: {
      '/api': { target: process.env.INCEPTION_API ?? 'http://127.0.0.1:5190', ws: true },
    },
  },
});
