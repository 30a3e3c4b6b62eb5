import { create } from 'zustand';
import type { Prediction } from '../../src/service/api';

/**
 * What Try it has chosen, shared with the Editor: the run and the image whose feature maps a node click shows,
 * and the node Grad-CAM looks at (picked on the canvas; null: the last feature map). The predictions shown stay
 * here too, so that they are still there after a visit to the canvas.
 */
export interface TryItChoice {
  runId: string | null;
  image: string | null;
  predictions: Prediction[] | null;
  gradCamNode: { runId: string; node: string } | null;
  setRun(runId: string | null): void;
  setImage(image: string | null): void;
  /** Shows predictions; the first image read becomes the chosen one. */
  setPredictions(predictions: Prediction[]): void;
  useForGradCam(runId: string, node: string | null): void;
}

export const useTryItChoice = create<TryItChoice>()((set) => ({
  runId: null,
  image: null,
  predictions: null,
  gradCamNode: null,
  setRun: (runId) => set({ runId }),
  setImage: (image) => set({ image }),
  setPredictions: (predictions) => set((s) => ({ predictions, image: predictions.find((p) => !p.error)?.path ?? s.image })),
  useForGradCam: (runId, node) => set({ gradCamNode: node === null ? null : { runId, node } }),
}));

/** The node Grad-CAM of `runId` looks at: the one picked on the canvas for that run, else the default (undefined). */
export const gradCamNodeFor = (choice: TryItChoice['gradCamNode'], runId: string): string | undefined =>
  choice && choice.runId === runId ? choice.node : undefined;
