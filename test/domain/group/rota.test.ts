// The rota: rotating roles by who held them least recently; fixed roles stay put; no one holds two.
import { describe, expect, it } from 'vitest';
import { chooseRota, type RotaHistory, type RotaMember } from '../../../src/domain/group/rota.js';

const members: RotaMember[] = [
  { id: 's', name: 'Sam Supervisor', presents: false, leads: true },
  { id: 'a', name: 'Ada', presents: true, leads: false },
  { id: 'b', name: 'Ben', presents: true, leads: false },
  { id: 'c', name: 'Cat', presents: true, leads: false },
];
const none = (): RotaHistory => ({ facilitator: new Map(), advisor: new Map(), presenter: new Map() });

describe('group rota', () => {
  it('rotates each role to whoever held it least recently, and never gives one person two roles', () => {
    const history = none();
    const rule = { facilitators: 1, rotateFacilitators: true, advisor: true, rotateAdvisor: true };
    const seen = [];
    for (let sequence = 1; sequence <= 4; sequence += 1) {
      const rota = chooseRota({ members, history, rule });
      seen.push([rota.facilitators.join(), rota.advisor, rota.presenter]);
      const ids = [...rota.facilitators, rota.advisor, rota.presenter];
      expect(new Set(ids).size).toBe(ids.length);
      (history.facilitator as Map<string, number>).set(rota.facilitators[0]!, sequence);
      (history.advisor as Map<string, number>).set(rota.advisor!, sequence);
      (history.presenter as Map<string, number>).set(rota.presenter!, sequence);
    }
    expect(seen).toEqual([
      ['b', 'c', 'a'],
      ['a', 's', 'b'],
      ['s', 'a', 'c'],
      ['c', 'b', 'a'],
    ]);
  });

  it('keeps fixed facilitators (supervisors first) and skips whoever is away', () => {
    const rule = { facilitators: 2, rotateFacilitators: false, advisor: false, rotateAdvisor: false };
    expect(chooseRota({ members, history: none(), rule })).toEqual({ facilitators: ['s', 'b'], presenter: 'a' });
    expect(chooseRota({ members, history: none(), rule, unavailable: new Set(['s', 'a']) })).toEqual({ facilitators: ['c'], presenter: 'b' });
  });
});
