/**
 * Session and webContents hardening (Electron security checklist): no permissions, no remote
 * content, no new windows, no navigation away from the app's page, no <webview>.
 */
import type { Session, WebContents } from 'electron';
import { withContentSecurityPolicy } from './csp';

/** Requests the app never makes: everything it shows comes from file:// inside the app. */
const REMOTE_URLS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];
const HTTP_URLS = ['http://*/*', 'https://*/*'];

/** Denies every permission, cancels remote requests and puts the CSP on any http(s) response. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: REMOTE_URLS }, (details, callback) => {
    console.warn(`Blocked a request for remote content: ${details.url}`);
    callback({ cancel: true });
  });
  // Only reached if an exception to the block above is ever made (a dev server, say).
  session.webRequest.onHeadersReceived({ urls: HTTP_URLS }, (details, callback) => {
    callback({ responseHeaders: withContentSecurityPolicy(details.responseHeaders) });
  });
}

/**
 * Guards one webContents (apply it to all of them, from `web-contents-created`): no window.open,
 * no <webview>, and no navigation of any frame except to the app's own page.
 */
export function guardWebContents(contents: WebContents, isAllowedNavigation: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    console.warn(`Refused to open a new window for ${url}`);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
  });
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (isAllowedNavigation(event.url)) return;
    event.preventDefault();
    console.warn(`Refused to navigate to ${event.url}`);
  };
  // 'will-navigate' covers the top frame, 'will-frame-navigate' every frame, 'will-redirect' redirects.
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
}
