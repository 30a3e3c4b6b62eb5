import { useEffect, useState } from 'react';
import type { FeatureMapsResult } from '../../../src/service/api';
import type { Shape } from '../../../src/shapeMath/shape';
import { api } from '../../api/instance';
import { FeatureMapsFigure } from '../../components/FeatureMapsFigure';
import { useEditor } from '../../state/designStore';
import { mapsSource, whyNoMaps } from '../../state/nodeMaps';
import { useRuns } from '../../state/runsStore';
import { gradCamNodeFor, useTryItChoice } from '../../state/tryItChoice';

const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * "Inside the network" on the canvas: the clicked node's feature maps for the image chosen in Try it, with the
 * run chosen there (a finished run of the open design), and "Use for Grad-CAM" to make Try it look at this node.
 */
export function NodeFeatureMaps({ nodeId, kind, shape }: { nodeId: string; kind: string; shape: Shape | null | undefined }) {
  const designName = useEditor((s) => s.doc?.name ?? '');
  const runs = useRuns((s) => s.list);
  const runId = useTryItChoice((s) => s.runId);
  const image = useTryItChoice((s) => s.image);
  const picked = useTryItChoice((s) => (s.runId ? gradCamNodeFor(s.gradCamNode, s.runId) : undefined));
  const useForGradCam = useTryItChoice((s) => s.useForGradCam);
  const why = whyNoMaps(kind, shape);
  const source = mapsSource({ runId, image }, runs ?? [], designName);
  const ready = why === null && 'runId' in source ? source : null;

  useEffect(() => {
    if (runs === null) useRuns.getState().refreshList();
  }, [runs]);

  return (
    <div className="inspector__section" data-testid="node-feature-maps">
      <h3 className="inspector__subtitle">Feature maps</h3>
      {why !== null ? (
        <p className="inspector__description" data-testid="node-maps-why">{why}</p>
      ) : 'need' in source ? (
        <p className="inspector__description" data-testid="node-maps-need">{source.need}</p>
      ) : null}
      {ready && <LoadedMaps key={`${ready.runId}\n${ready.image}\n${nodeId}`} runId={ready.runId} image={ready.image} nodeId={nodeId} />}
      {ready && (
        <div className="inspector__actions inspector__actions--below">
          <button
            type="button"
            data-testid="use-for-gradcam"
            aria-pressed={picked === nodeId}
            onClick={() => useForGradCam(ready.runId, picked === nodeId ? null : nodeId)}
            title="Try it's “Where it looked” explains the class at this node's output"
          >
            {picked === nodeId ? 'Used for Grad-CAM (click to undo)' : 'Use for Grad-CAM'}
          </button>
        </div>
      )}
    </div>
  );
}

function LoadedMaps({ runId, image, nodeId }: { runId: string; image: string; nodeId: string }) {
  const [result, setResult] = useState<FeatureMapsResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.featureMaps(runId, image, { node: nodeId }).then(
      (r) => live && setResult(r),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [runId, image, nodeId]);
  if (error) return <p className="inspector__error" role="alert">{error}</p>;
  if (!result) return <p className="inspector__description">Computing the maps of {baseName(image)}…</p>;
  return <FeatureMapsFigure result={result} maxWidth={250} head={<p className="inspector__description">{baseName(image)} at <code>{nodeId}</code></p>} />;
}
