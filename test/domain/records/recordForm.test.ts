// What a supervisor is told of a required field left empty, by the field's kind: the words must read
// well for every label in the packs, questions and choices included.
import { describe, expect, it } from 'vitest';
import { checkFields } from '../../../src/domain/records/recordForm.js';
import { pack } from '../../support/packs.js';

describe('an empty required field of a record', () => {
  it('asks for a choice to be made, a question to be answered, a number and a text, each in its own words', () => {
    const bexley = checkFields(pack('bexley').pack.recordingModels['group-supervision']!, {});
    expect(bexley['f.case-status']).toBe('Choose at least one for “Case status”.');
    expect(bexley['f.worried']).toBe('Answer “What are we worried about and what needs to change?”');
    expect(bexley['f.current-scale']).toBe('Give a whole number from 0 to 10.');
    expect(bexley['f.reflection']).toBe('Write the reflection/analysis following group supervision.');
    const islington = checkFields(pack('islington').pack.recordingModels['management-decision']!, {});
    expect(islington['f.setting']).toBe('Choose one for “Where the issue was discussed”.');
    expect(islington['f.change-of-direction']).toBe('Answer yes or no.');
  });

  it('says nothing of a field filled in as its kind allows', () => {
    const errors = checkFields(pack('islington').pack.recordingModels['management-decision']!, {
      'f.setting': 'Group supervision',
      'f.change-of-direction': 'no',
    });
    expect(errors['f.setting']).toBeUndefined();
    expect(errors['f.change-of-direction']).toBeUndefined();
  });
});
