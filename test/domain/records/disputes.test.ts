// Who settles a dispute goes by the record's model: a personal development record is disputed as the
// personal kind says, even when it was made at a case session (Bexley records each session in two places).
import { describe, expect, it } from 'vitest';
import { disputeRuleOf } from '../../../src/domain/records/disputes.js';
import { pack } from '../../support/packs.js';

describe('the dispute rule of a record', () => {
  const bexley = pack('bexley').pack;

  it("Bexley appendix 1: a case session's professional development record goes to the service manager, after the two try; its case record to the team manager", () => {
    expect(disputeRuleOf(bexley, 'case', 'professional-development')).toMatchObject({ role: 'senior-manager', title: 'service manager', resolveFirst: true });
    expect(disputeRuleOf(bexley, 'case', 'signs-of-safety-case')).toMatchObject({ role: 'manager', title: 'team manager' });
    expect(disputeRuleOf(bexley, 'case', 'signs-of-safety-case')?.resolveFirst).toBeUndefined();
  });

  it('names nobody where the pack does not (Cafcass): the flow then tells the supervisor’s own manager', () => {
    expect(disputeRuleOf(pack('cafcass').pack, 'situational', '4x4x4')).toBeUndefined();
  });
});
