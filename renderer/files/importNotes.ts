import type { ImportNote } from '../../src/service/api';

/** Where in the app each import option is changed. */
const APP_OPTION: Record<NonNullable<ImportNote['option']>, string> = {
  size: 'to change it, import again with a Height and Width (File ▸ Import…)',
  normalisation: 'to change it, import again with a Mean and Std (File ▸ Import…)',
  labels: 'to name them, import again with Class names (File ▸ Import…)',
};

const sentence = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;

/** An import note as a sentence in the app's words. */
export function appNote(note: ImportNote): string {
  return sentence(note.option ? `${note.text}; ${APP_OPTION[note.option]}` : note.text);
}

/** What the app says after an import: the run, its parameter count, and each note. */
export function importedMessage(file: string, runId: string, trainableParams: number, notes: readonly ImportNote[]): string {
  const head = `Imported ${file} as run ${runId}: ${trainableParams.toLocaleString('en-US')} trainable parameters.`;
  return [head, ...notes.map(appNote)].join(' ');
}
