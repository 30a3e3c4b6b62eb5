import { useEffect } from 'react';
import { useEditor } from './designStore';
import { useTrainSettings } from './trainStore';

/** Until the user changes an option, the Train options follow the preset opened last. Mounted once, in App. */
export function useDefaultsForPreset(): void {
  const presetName = useEditor((s) => s.presetName);
  useEffect(() => {
    const { touched, defaultsOf, applyDefaults } = useTrainSettings.getState();
    if (presetName && !touched && defaultsOf !== presetName) applyDefaults(presetName);
  }, [presetName]);
}
