/** What the Train screen knows before a start. */
export interface Readiness {
  hasDesign: boolean;
  designErrors: number;
  /** Null until a folder is scanned. */
  datasetClasses: number | null;
  scanning: boolean;
  /** The design's output size; null when it does not end in a flat vector. */
  outputs: number | null;
  /** Settings fields with problems. */
  settingsProblems: number;
  /** The first of them in words, where it says more than "out of range" (an option Start cannot do without). */
  firstProblem?: string;
  /** A run of this window is training. */
  training: boolean;
  /** Fine-tuning with the classifier replaced for the folder's classes, so the design's output count does not matter. */
  newHead?: boolean;
}

/** Class count mismatch between the design and the folder, when there is one. */
export function classMismatch(r: Pick<Readiness, 'datasetClasses' | 'outputs'>): { outputs: number | null; classes: number } | null {
  if (r.datasetClasses === null || r.datasetClasses < 2) return null;
  return r.outputs === r.datasetClasses ? null : { outputs: r.outputs, classes: r.datasetClasses };
}

/** Why Start cannot run now, first things first; empty when it can. */
export function startBlockers(r: Readiness): string[] {
  const reasons: string[] = [];
  if (r.training) reasons.push('A run is training; stop it first.');
  if (!r.hasDesign) reasons.push('Open a design first.');
  else if (r.designErrors > 0) reasons.push(`The design has ${r.designErrors} error${r.designErrors > 1 ? 's' : ''}; fix ${r.designErrors > 1 ? 'them' : 'it'} in Design.`);
  if (r.scanning) reasons.push('The image folder is being scanned.');
  else if (r.datasetClasses === null) reasons.push('Choose an image folder in Dataset.');
  else if (r.datasetClasses < 2) reasons.push(`The folder has ${r.datasetClasses} class with images; training needs at least 2.`);
  const mismatch = classMismatch(r);
  if (r.hasDesign && r.designErrors === 0 && mismatch && !r.newHead) {
    reasons.push(mismatch.outputs === null
      ? `The design does not end in ${mismatch.classes} outputs (one per class).`
      : `The design outputs ${mismatch.outputs} classes; the folder has ${mismatch.classes}.`);
  }
  if (r.settingsProblems > 0) reasons.push(r.firstProblem ?? 'Some options are out of range.');
  return reasons;
}
