import { describe, expect, it } from 'vitest';
import { classMismatch, startBlockers, type Readiness } from './readiness';

const ready: Readiness = { hasDesign: true, designErrors: 0, datasetClasses: 10, scanning: false, outputs: 10, settingsProblems: 0, training: false };

describe('startBlockers', () => {
  it('lets a valid design with a matching folder start', () => {
    expect(startBlockers(ready)).toEqual([]);
  });

  it('says what is missing, first things first', () => {
    expect(startBlockers({ ...ready, datasetClasses: null })).toEqual(['Choose an image folder in Dataset.']);
    expect(startBlockers({ ...ready, designErrors: 2, training: true })).toEqual([
      'A run is training; stop it first.',
      'The design has 2 errors; fix them in Design.',
    ]);
    expect(startBlockers({ ...ready, outputs: 1000 })).toEqual(['The design outputs 1000 classes; the folder has 10.']);
    expect(startBlockers({ ...ready, settingsProblems: 1, firstProblem: 'Several machines need the first machine\'s address.' }))
      .toEqual(['Several machines need the first machine\'s address.']);
  });

  it('lets a fine-tuning run with a new head start whatever the design outputs', () => {
    expect(startBlockers({ ...ready, outputs: 1000, newHead: true })).toEqual([]);
    expect(startBlockers({ ...ready, outputs: 1000, newHead: true, datasetClasses: null })).toEqual(['Choose an image folder in Dataset.']);
  });
});

describe('classMismatch', () => {
  it('compares outputs with classes once the folder is known', () => {
    expect(classMismatch({ outputs: 10, datasetClasses: 3 })).toEqual({ outputs: 10, classes: 3 });
    expect(classMismatch({ outputs: 10, datasetClasses: 10 })).toBeNull();
    expect(classMismatch({ outputs: 10, datasetClasses: null })).toBeNull();
  });
});
