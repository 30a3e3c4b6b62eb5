import { useEffect, useState } from 'react';
import type { FolderListing } from '../../src/service/api';
import { api } from '../api/instance';
import { Modal } from './Modal';

interface FolderBrowserProps {
  title: string;
  /** `folder`: choose the folder shown; `images`: tick image files in it; `model`: choose an ONNX file or TF.js model.json. */
  mode: 'folder' | 'images' | 'model';
  /** A folder of images to take as they are (classify a folder), not one whose sub-folders are the classes. */
  flat?: boolean;
  /** The folder to start in; null starts at the allowed roots. */
  start: string | null;
  onChoose(paths: string[]): void;
  onClose(): void;
}

const baseName = (path: string): string => path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path;

/**
 * Browser mode's folder dialog: the host lists one folder at a time, within the folders it allows
 * (the user's home, the workspace and the folders given with --root).
 */
export function FolderBrowser({ title, mode, flat = false, start, onChoose, onClose }: FolderBrowserProps) {
  const [at, setAt] = useState<string | null>(start);
  const [listing, setListing] = useState<FolderListing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());

  useEffect(() => {
    let live = true;
    setListing(null);
    setError(null);
    api.browseFolder(at).then(
      (found) => live && setListing(found),
      (failure: Error) => {
        if (!live) return;
        // A remembered start folder may be gone; fall back to the roots.
        if (at !== null && at === start) setAt(null);
        else setError(failure.message);
      },
    );
    return () => {
      live = false;
    };
  }, [at, start]);

  const folders = listing?.entries.filter((e) => e.kind === 'folder') ?? [];
  const images = listing?.entries.filter((e) => e.kind === 'image') ?? [];
  const models = listing?.entries.filter((e) => e.kind === 'model') ?? [];
  const toggle = (path: string) => setTicked((current) => {
    const next = new Set(current);
    if (!next.delete(path)) next.add(path);
    return next;
  });

  return (
    <Modal title={title} onClose={onClose} testId="folder-browser" wide>
      <div className="browser__bar">
        <button type="button" data-testid="folder-up" disabled={!listing || listing.path === null} onClick={() => setAt(listing?.parent ?? null)} title={listing?.parent ? `Up to ${listing.parent}` : 'Back to the allowed folders'}>
          ↑ Up
        </button>
        <span className="browser__path" data-testid="folder-path" title={listing?.path ?? ''}>{listing ? listing.path ?? 'Folders this host allows' : 'Loading…'}</span>
      </div>
      {error && <p className="browser__error" role="alert">{error}</p>}
      <ul className="browser__list" aria-label="Folder contents">
        {folders.map((entry) => (
          <li key={entry.path}>
            <button type="button" className="browser__entry" data-testid={`folder-entry-${baseName(entry.name)}`} title={entry.path} onClick={() => setAt(entry.path)}>
              <span className="browser__icon" aria-hidden="true">▸</span>
              <span className="browser__name">{listing?.path === null ? entry.path : entry.name}</span>
            </button>
          </li>
        ))}
        {mode === 'images' && images.map((entry) => (
          <li key={entry.path}>
            <label className="browser__entry browser__entry--image">
              <input type="checkbox" data-testid={`image-entry-${entry.name}`} checked={ticked.has(entry.path)} onChange={() => toggle(entry.path)} />
              <span className="browser__name">{entry.name}</span>
            </label>
          </li>
        ))}
        {mode === 'model' && models.map((entry) => (
          <li key={entry.path}>
            <button type="button" className="browser__entry browser__entry--file" data-testid={`model-entry-${entry.name}`} title={entry.path} onClick={() => onChoose([entry.path])}>
              <span className="browser__icon" aria-hidden="true">◆</span>
              <span className="browser__name">{entry.name}</span>
            </button>
          </li>
        ))}
        {listing && folders.length === 0 && (mode === 'model' ? models.length === 0 : mode === 'folder' || images.length === 0) && (
          <li className="browser__empty">{mode === 'folder' && images.length ? `${images.length} images, no sub-folders` : 'Empty'}</li>
        )}
      </ul>
      <p className="modal__text--muted">
        {mode === 'folder'
          ? flat ? 'Open the folder that holds the images (those in its sub-folders count too), then choose it.' : 'Open the folder whose sub-folders are the classes, then choose it.'
          : mode === 'model'
            ? 'Open folders until you see the .onnx file or TF.js model.json, then click it.'
            : 'Tick images in one folder; open another folder to pick from there instead.'}
        {mode === 'folder' && !flat && images.length > 0 && folders.length > 0 && ` ${images.length} images here are not in a class folder and would be skipped.`}
      </p>
      <div className="modal__actions">
        <button type="button" onClick={onClose}>Cancel</button>
        {mode === 'model' ? null : mode === 'folder' ? (
          <button type="button" className="button--primary" data-testid="folder-choose" disabled={!listing?.path} onClick={() => listing?.path && onChoose([listing.path])}>
            Choose {listing?.path ? `“${baseName(listing.path)}”` : 'this folder'}
          </button>
        ) : (
          <button type="button" className="button--primary" data-testid="images-choose" disabled={ticked.size === 0} onClick={() => onChoose([...ticked])}>
            Use {ticked.size || ''} image{ticked.size === 1 ? '' : 's'}
          </button>
        )}
      </div>
    </Modal>
  );
}
