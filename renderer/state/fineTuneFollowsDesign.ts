import { useEffect } from 'react';
import { useEditor } from './designStore';
import { useTrainSettings } from './trainStore';

/**
 * Fine-tuning belongs to the design it was set up for: when another design opens (a preset, a file, a new
 * one, an import), the next run starts from scratch again, and the user is told so.
 * Returns the unsubscribe function.
 */
export function fineTuneFollowsDesign(): () => void {
  return useEditor.subscribe((editor, before) => {
    if (editor.openCount === before.openCount) return;
    const { init, setInit } = useTrainSettings.getState();
    if (!init || init.design === editor.openCount) return;
    setInit(null);
    editor.say(`Fine-tuning from ${init.name} ended: another design was opened, so the next run trains it from scratch.`);
  });
}

/** Mounted once, in App. */
export function useFineTuneFollowsDesign(): void {
  useEffect(() => fineTuneFollowsDesign(), []);
}
