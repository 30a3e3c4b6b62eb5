import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createService } from '../service/service';
import { startServer } from '../server/server';

export interface ServeArgs { port: number; host: string; open: boolean; roots: string[]; workspace?: string }

/** Opens a URL in the system browser; false when no opener exists here. */
function openBrowser(url: string): boolean {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** `inception serve`: the browser-mode host; runs until SIGINT/SIGTERM. */
export async function serveCommand(args: ServeArgs, appRoot: string, log: (text: string) => void): Promise<void> {
  const rendererDir = path.join(appRoot, 'dist', 'renderer');
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`the renderer is not built (${rendererDir} is missing); run \`npm run build\` first`);
  }
  if (args.host !== '127.0.0.1' && args.host !== 'localhost' && args.host !== '::1') {
    log(`warning: listening on ${args.host}, not only on this machine; anyone who can reach it and has the token can use the app and its files`);
  }
  // The folder browser and dataset folders: the user's home and the folders given with --root.
  const api = createService({ host: 'browser', workspace: args.workspace, extraRoots: [os.homedir(), ...args.roots.map((r) => path.resolve(r))] });
  const server = await startServer({ api, rendererDir, host: args.host, port: args.port });
  log(`Inception Studio is running at ${server.url}`);
  if (args.open && !openBrowser(server.url)) log('(could not open a browser here; open the URL above)');
  await new Promise<void>((resolve) => {
    const stop = () => void server.close().then(() => api.shutdown()).then(resolve);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
