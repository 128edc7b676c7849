// `policy check` must reject a broken pack with a message a principal social worker can act on.
import { describe, expect, it } from 'vitest';
import { policyIds } from '../../../src/config/policyFiles.js';
import { packText, problemsOf } from '../../support/packs.js';

const cafcass = packText('cafcass');

function broken(from: string, to: string) {
  expect(cafcass).toContain(from);
  return problemsOf(cafcass.replace(from, to));
}

describe('policy check', () => {
  it('accepts all five packs', () => {
    expect(policyIds()).toEqual(['bexley', 'cafcass', 'cafcass-cymru', 'cumberland', 'islington']);
    for (const id of policyIds()) expect(problemsOf(packText(id)), id).toEqual([]);
  });

  it('names the place and the allowed units when a cadence unit is misspelt', () => {
    const problems = broken('cadence: { type: rolling, every: 1 week }', 'cadence: { type: rolling, every: 1 weks }');
    expect(problems).toHaveLength(1);
    expect(problems[0]!.path).toBe('cohorts.nqsw.supervision[0].cadence.phases[0].cadence.every');
    expect(problems[0]!.message).toContain("'1 weks' is not a duration");
    expect(problems[0]!.message).toContain('days, working days, weeks, months, years');
    expect(problems[0]!.line).toBe(cafcass.split('\n').findIndex((line) => line.includes('every: 1 week }')) + 1);
  });

  it('says a trigger is missing its wording', () => {
    const problems = broken('    wording: Reunifying children with parents in public law proceedings.\n', '');
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'triggers.reunification.wording: is missing: it must be text, or { en: English, cy: Welsh }',
    ]);
  });

  it('rejects a deadline of -1, written as a number or as text', () => {
    const asNumber = broken('deadline: 5 working days', 'deadline: -1');
    expect(asNumber[0]!.path).toBe('kinds.situational.record.deadline');
    expect(asNumber[0]!.message).toMatch(/^-1 is not allowed: .*'immediately', 'on the day', or a duration/);
    const asText = broken('deadline: 5 working days', 'deadline: -1 working days');
    expect(asText[0]!.message).toContain("'-1 working days' is not a deadline");
    expect(asText[0]!.message).toContain('0 or more');
  });

  it('names a misspelt field and the allowed values of an enumeration', () => {
    const problems = broken('    urgency: routine\n', '    urgncy: routine\n');
    const messages = problems.map((problem) => `${problem.path}: ${problem.message}`);
    expect(messages).toContain('triggers.serious-incident-learning: has a field this language does not know: urgncy (check the spelling)');
    expect(messages).toContain('triggers.serious-incident-learning.urgency: is missing: it must be one of: routine, priority, urgent, immediate');
  });

  it('rejects a rule without a source, and a local rule without a note', () => {
    expect(broken('    source: 000_ea9f6511b9b2d3d5.txt 4.3 h)\n', '')[0]).toMatchObject({
      path: 'triggers.long-running-proceedings.source',
      message: expect.stringContaining('every rule names where it came from'),
    });
    const noNote = broken('    note: Triggers require supervision (4.3) but the seed sets no response time.\n', '');
    expect(noNote[0]).toMatchObject({ path: 'urgencies.priority.note', message: expect.stringContaining('local: true') });
    expect(broken('source: 000_ea9f6511b9b2d3d5.txt 4.3 h)', 'source: section 4.3 h)')[0]!.message).toContain('must name the seed file');
  });

  it('allows the report only a calendar month, the period it counts and goes by itself after', () => {
    const monthly = 'reporting:\n  cadence: { type: calendar, period: month }';
    expect(broken(monthly, 'reporting:\n  cadence: { type: calendar, period: quarter }')).toMatchObject([
      { path: 'reporting.cadence.period', message: 'must be month: the report is of a calendar month, sent on the first working day after it' },
    ]);
    expect(broken(monthly, 'reporting:\n  cadence: { type: rolling, every: 4 weeks }')[0]).toMatchObject({
      path: 'reporting.cadence.type',
      message: 'must be calendar: the report is of a calendar month',
    });
  });

  it('checks references between parts of the pack', () => {
    expect(broken('      model: observation\n', '      model: observations\n')[0]).toMatchObject({
      path: 'kinds.observation.record.model',
      message: expect.stringContaining("'observations' is not a recording model in this pack"),
    });
    expect(broken('    code: a)\n', '    code: a)\n    minimumUrgency: immediate\n')[0]).toMatchObject({
      path: 'triggers.reunification.minimumUrgency',
      message: 'must not be above the default urgency',
    });
  });

  it('reports broken YAML with its line', () => {
    const problems = problemsOf('id: cafcass\norganisation: [unclosed\n');
    expect(problems[0]!.path).toBe('(file)');
    expect(problems[0]!.message).toContain('is not valid YAML');
  });
});
