import { useCallback, useRef, useState, type ReactNode } from 'react';
import { api } from '../api/instance';
import { selectNativeDialogs, useHost } from '../state/hostStore';
import { FolderBrowser } from './FolderBrowser';

interface Request { mode: 'folder' | 'images' | 'model'; title: string; start: string | null; /** See FolderBrowser's `flat`. */ flat?: boolean }

/**
 * Picks a folder, image files or a model file on the host: Electron's native dialogs where there are some (a folder,
 * any number of images, a model), otherwise the host's folder browser. Render `dialog` somewhere.
 * @example const picker = useHostPicker(); const [dir] = (await picker.pick({ mode: 'folder', title: 'Image folder' })) ?? [];
 */
export function useHostPicker(onError: (error: unknown) => void): { pick(request: Request): Promise<string[] | null>; dialog: ReactNode } {
  const native = useHost(selectNativeDialogs);
  const [open, setOpen] = useState<Request | null>(null);
  const resolver = useRef<((paths: string[] | null) => void) | null>(null);

  const pick = useCallback((request: Request): Promise<string[] | null> => {
    if (native && request.mode === 'folder') {
      return api.pickPath('folder').then((path) => (path ? [path] : null), (error) => {
        onError(error);
        return null;
      });
    }
    if (native && request.mode === 'model') {
      return api.pickPath('model').then((path) => (path ? [path] : null), (error) => {
        onError(error);
        return null;
      });
    }
    if (native && request.mode === 'images') {
      return api.pickImages().catch((error: unknown) => {
        onError(error);
        return null;
      });
    }
    resolver.current?.(null);
    setOpen(request);
    return new Promise((resolve) => {
      resolver.current = resolve;
    });
  }, [native, onError]);

  const finish = (paths: string[] | null) => {
    resolver.current?.(paths);
    resolver.current = null;
    setOpen(null);
  };

  const dialog = open && (
    <FolderBrowser title={open.title} mode={open.mode} flat={open.flat} start={open.start} onChoose={finish} onClose={() => finish(null)} />
  );
  return { pick, dialog };
}
