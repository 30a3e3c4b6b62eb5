import type { FolderEvaluation } from '../../src/service/api';
import { Thumbnail } from '../components/Thumbnail';
import { useImagePreviews } from '../components/previews';
import { formatPercent } from '../components/format';
import { GradCamView } from '../components/GradCamView';

type Wrong = FolderEvaluation['confidentlyWrong'][number];

const OPTIONS = { size: 96, channels: 3 as const, resize: 'crop' as const };
const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/** Images with their true class, the prediction and its probability (a correct one says so, in the calm colour); with `runId`, a Grad-CAM button each. */
export function WrongImages({ images, testId, runId }: { images: readonly Wrong[]; testId?: string; runId?: string }) {
  const previews = useImagePreviews(images.map((w) => w.path), OPTIONS);
  return (
    <ul className="wrong-grid" data-testid={testId}>
      {images.map((w) => (
        <li key={w.path} className={w.label === w.predicted ? 'wrong wrong--right' : 'wrong'} data-testid="wrong-image">
          <Thumbnail path={w.path} preview={previews.get(w.path)} size={96} />
          <span className="wrong__file" title={w.path}>{baseName(w.path)}</span>
          <span className="wrong__label">is <strong>{w.label}</strong></span>
          {w.label === w.predicted
            ? <span className="wrong__right" data-testid="prediction-right">seen correctly</span>
            : <span className="wrong__predicted">seen as <strong>{w.predicted}</strong></span>}
          <span className="wrong__probability">{formatPercent(w.probability)} sure</span>
          {runId && <GradCamView runId={runId} path={w.path} size={96} />}
        </li>
      ))}
    </ul>
  );
}
