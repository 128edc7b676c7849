// Whose teams a person may see in the oversight report: a team is in someone's line when a person in it is
// below them in the supervision line (their supervisee, that one's, and so on); an auditor's line is every
// team. Read from the store each time, so a card that is old, forwarded or forged cannot widen it.
import type { Kysely, Transaction } from 'kysely';
import type { Database, DirectoryRole } from '../../store/schema.js';

type Db = Kysely<Database> | Transaction<Database>;

/** As deep as the line is followed elsewhere (readRecords, disputes): team manager, service manager, head of service. */
const LINE_DEPTH = 6;

export interface Team {
  id: string;
  name: string;
}

/** Who may ask for the report in chat: managers, senior managers and auditors (docs/user-guide.md). */
export const REPORT_READERS: readonly DirectoryRole[] = ['manager', 'senior-manager', 'auditor'];

/**
 * The supervision line as it stands, read once (two queries however many people): the teams in the line of
 * anyone asked about. For the monthly sending, one read serves every recipient.
 */
export async function supervisionLines(db: Db): Promise<(person: { id: string; role: DirectoryRole }) => Team[]> {
  const [links, people, teams] = await Promise.all([
    db.selectFrom('supervision_relationship').select(['supervisor_id', 'supervisee_id']).where('ended_on', 'is', null).execute(),
    db.selectFrom('person').select(['id', 'team_id']).where('team_id', 'is not', null).execute(),
    db.selectFrom('team').select(['id', 'name']).orderBy('name').orderBy('id').execute(),
  ]);
  const supervisees = new Map<string, string[]>();
  for (const link of links) supervisees.set(link.supervisor_id, [...(supervisees.get(link.supervisor_id) ?? []), link.supervisee_id]);
  const teamOf = new Map(people.map((person) => [person.id, person.team_id!]));
  return (person) => {
    if (person.role === 'auditor') return teams;
    const inLine = new Set<string>();
    let level = [person.id];
    const seen = new Set(level);
    for (let depth = 0; depth < LINE_DEPTH && level.length > 0; depth += 1) {
      const next: string[] = [];
      for (const above of level)
        for (const below of supervisees.get(above) ?? []) {
          if (seen.has(below)) continue;
          seen.add(below);
          next.push(below);
          const team = teamOf.get(below);
          if (team) inLine.add(team);
        }
      level = next;
    }
    return teams.filter((team) => inLine.has(team.id));
  };
}

/** The teams in one person's line, by name. */
export async function teamsInLine(db: Db, person: { id: string; role: DirectoryRole }): Promise<Team[]> {
  return (await supervisionLines(db))(person);
}
