// `policy check` on what a record field may say of other fields: which field's last value fills it
// (showsPrevious), which answer makes it required (requiredWhen), and a choice that takes several answers.
import { describe, expect, it } from 'vitest';
import { packText, problemsOf } from '../../support/packs.js';

function broken(id: string, from: string, to: string) {
  const text = packText(id);
  expect(text).toContain(from);
  return problemsOf(text.replace(from, to)).map((problem) => `${problem.path}: ${problem.message}`);
}

describe('record fields that refer to other fields', () => {
  it('refuses a previous value taken from a field the model does not have, or of another type', () => {
    expect(broken('bexley', 'showsPrevious: current-scale', 'showsPrevious: current-scal')).toEqual([
      "recordingModels.signs-of-safety-case.fields[10].showsPrevious: must name another field of this model of the same type ('scale'), whose value in the last record fills this one",
    ]);
    expect(broken('bexley', 'showsPrevious: current-scale', 'showsPrevious: progress')[0]).toContain("of the same type ('scale')");
  });

  it("refuses a field required on an answer the other field does not have, or on a field that is not a choice", () => {
    expect(broken('cumberland', 'is: Brief discussion }', 'is: Short discussion }')).toEqual([
      'recordingModels.signs-of-safety.fields[3].requiredWhen.is: must be one of the answers of \'discussion-depth\': Detailed reflective discussion, Brief discussion',
    ]);
    expect(broken('cumberland', '{ field: discussion-depth,', '{ field: working-well,')).toEqual([
      'recordingModels.signs-of-safety.fields[3].requiredWhen.field: must name another field of this model that is a choice or yes-no',
    ]);
  });

  it('lets only a choice take several answers, none of them with a comma', () => {
    expect(broken('bexley', '        type: date\n        required: true\n', '        type: date\n        multiple: true\n        required: true\n')[0]).toContain(
      "only a 'choice' can take several answers",
    );
    expect(broken('bexley', 'options: [CP, LAC, CHIN, CWD]\n        multiple: true', 'options: [CP, "LAC, CWD", CHIN]\n        multiple: true')[0]).toContain(
      'cannot hold a comma',
    );
  });
});
