import { useEffect } from 'react';
import { presetOfDesign } from './presetTitles';
import { useHost } from './hostStore';
import { useEditor } from './designStore';
import { useTrainSettings } from './trainStore';

/** Gives untouched Train options the defaults of the open design; waits for the preset list to know the designs' names. */
function follow(): void {
  const { presetName, doc } = useEditor.getState();
  const { presets } = useHost.getState();
  if (!doc || (!presetName && presets.length === 0)) return;
  const target = presetOfDesign(presetName, doc.name, presets);
  const { touched, defaultsOf, applyDefaults } = useTrainSettings.getState();
  if (!touched && defaultsOf !== target) applyDefaults(target);
}

/**
 * Until the user changes an option, the Train options follow the open design: each design opened (a preset, a
 * run's design, a file) brings its preset's defaults, or the generic ones. Returns the unsubscribe function.
 */
export function defaultsFollowDesign(): () => void {
  follow();
  const stopEditor = useEditor.subscribe((editor, before) => {
    if (editor.openCount !== before.openCount) follow();
  });
  const stopHost = useHost.subscribe((host, before) => {
    if (host.presets !== before.presets) follow();
  });
  return () => {
    stopEditor();
    stopHost();
  };
}

/** Mounted once, in App. */
export function useDefaultsFollowDesign(): void {
  useEffect(() => defaultsFollowDesign(), []);
}
