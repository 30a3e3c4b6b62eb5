import type { GraphDoc } from '../../src/graph/types';
import { classifierNode, setClassCount } from '../../src/shapes/classes';
import type { StartFrom } from '../state/trainStore';

/** What a fine-tuning run does with the classifier: a new one when the folder's classes are not the run's. */
export interface HeadPlan {
  newHead: boolean;
  /** The folder's class count; null before a folder is scanned. */
  classes: number | null;
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** The head a run started from `from` gets on a folder with `folderClasses` (null: no folder scanned yet). */
export function headPlan(from: Pick<StartFrom, 'classes'>, folderClasses: readonly string[] | null): HeadPlan {
  if (folderClasses === null) return { newHead: true, classes: null };
  return { newHead: !from.classes || !sameList(from.classes, folderClasses), classes: folderClasses.length };
}

/**
 * The Train screen's line for fine-tuning.
 * @example startFromCaption({ name: 'resnet18', classes: null }, ['bag', 'boot', 'shirt']) // "Starting from resnet18 — new head for 3 classes"
 */
export function startFromCaption(from: Pick<StartFrom, 'name' | 'classes'>, folderClasses: readonly string[] | null): string {
  const plan = headPlan(from, folderClasses);
  const head = plan.classes === null
    ? 'a new head once an image folder is chosen'
    : plan.newHead ? `new head for ${plan.classes} classes` : `keeps its head (the same ${plan.classes} classes)`;
  return `Starting from ${from.name} — ${head}`;
}

/**
 * The design as a fine-tuning run trains it: with a new head, its classifier gets one output per folder class
 * (as the engine builds it), so the counts shown are those of the run. Unchanged otherwise.
 */
export function designAsTrained(doc: GraphDoc, from: Pick<StartFrom, 'classes'> | null, folderClasses: readonly string[] | null): GraphDoc {
  if (!from) return doc;
  const plan = headPlan(from, folderClasses);
  const classifier = plan.newHead && plan.classes !== null ? classifierNode(doc) : null;
  return classifier ? setClassCount(doc, classifier, plan.classes!) : doc;
}
