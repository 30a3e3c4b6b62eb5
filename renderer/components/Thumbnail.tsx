import type { ImagePreview } from '../../src/service/api';

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** One image from `previewImages`, a placeholder while it loads, or why it could not be read. */
export function Thumbnail({ preview, path, size, pixelated }: { preview: ImagePreview | undefined; path: string; size: number; pixelated?: boolean }) {
  const style = { width: size, height: size };
  if (!preview) return <span className="thumb thumb--loading" style={style} title={path} />;
  if (!preview.dataUrl) return <span className="thumb thumb--error" style={style} title={`${path}: ${preview.error ?? 'unreadable'}`}>!</span>;
  return <img className={pixelated ? 'thumb thumb--pixelated' : 'thumb'} style={style} src={preview.dataUrl} alt={baseName(path)} title={path} />;
}
