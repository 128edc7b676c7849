// Who facilitates, advises and presents at a group session. Rotating roles go round the team by who
// did them least recently (never first, then the longest ago; ties by name); a role the pack does not
// rotate stays with the same people, the team's supervisors and managers first. The presenter is a
// practitioner (they bring a case); nobody holds two roles, and nobody away that day holds one.
export interface RotaMember {
  id: string;
  name: string;
  /** A practitioner, who brings cases. */
  presents: boolean;
  /** A supervisor or manager, who leads when a role does not rotate. */
  leads: boolean;
}

export type RotaRole = 'facilitator' | 'advisor' | 'presenter';

/** Each role in words, after "you are". */
export const roleWords: Record<RotaRole, string> = {
  facilitator: 'facilitating',
  advisor: 'the advisor',
  presenter: 'presenting a case',
};

export interface RotaRule {
  facilitators: number;
  rotateFacilitators: boolean;
  advisor: boolean;
  rotateAdvisor: boolean;
}

export interface Rota {
  facilitators: string[];
  advisor?: string;
  presenter?: string;
}

/** For each role, when each person last held it (a larger number is more recent, e.g. the session's sequence). */
export type RotaHistory = Record<RotaRole, ReadonlyMap<string, number>>;

const byName = (a: RotaMember, b: RotaMember) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id);

function leastRecent(candidates: RotaMember[], last: ReadonlyMap<string, number>): RotaMember[] {
  return [...candidates].sort((a, b) => (last.get(a.id) ?? -Infinity) - (last.get(b.id) ?? -Infinity) || byName(a, b));
}

function steady(candidates: RotaMember[]): RotaMember[] {
  return [...candidates].sort((a, b) => Number(b.leads) - Number(a.leads) || byName(a, b));
}

export function chooseRota(input: { members: readonly RotaMember[]; history: RotaHistory; rule: RotaRule; unavailable?: ReadonlySet<string> }): Rota {
  const taken = new Set<string>();
  const free = () => input.members.filter((member) => !taken.has(member.id) && !input.unavailable?.has(member.id));
  const practitioners = free().filter((member) => member.presents);
  const presenter = leastRecent(practitioners.length > 0 ? practitioners : free(), input.history.presenter)[0];
  if (presenter) taken.add(presenter.id);
  const facilitatorOrder = input.rule.rotateFacilitators ? leastRecent(free(), input.history.facilitator) : steady(free());
  const facilitators = facilitatorOrder.slice(0, input.rule.facilitators);
  for (const facilitator of facilitators) taken.add(facilitator.id);
  const advisor = input.rule.advisor ? (input.rule.rotateAdvisor ? leastRecent(free(), input.history.advisor) : steady(free()))[0] : undefined;
  return {
    facilitators: facilitators.map((member) => member.id),
    ...(advisor ? { advisor: advisor.id } : {}),
    ...(presenter ? { presenter: presenter.id } : {}),
  };
}
