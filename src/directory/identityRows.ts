// One chat id is one person: a file may not give one id to two rows, and may move an id that someone
// already holds to another person only when the administrator says so (--reassign-identities).
import { identityKey, type ChatPlatform, type CurrentDirectory } from './current.js';
import type { DirectoryRow, RowProblem } from './rows.js';

export const identityFields = [
  ['slack', 'slack_user_id', 'Slack'],
  ['teams', 'teams_aad_object_id', 'Teams'],
] as const;

/** A chat id that the import gives to a person other than the one who holds it now. */
export interface IdentityMove {
  platform: ChatPlatform;
  /** As the file gives it. */
  platformUserId: string;
  /** As stored now. */
  heldAs: string;
  fromPersonId: string;
  toEmail: string;
}

export function checkIdentities(
  rows: DirectoryRow[],
  current: CurrentDirectory,
  reassignIdentities: boolean,
): { problems: RowProblem[]; moves: IdentityMove[] } {
  const problems: RowProblem[] = [];
  const moves: IdentityMove[] = [];
  const lineOf = new Map<string, number>();
  for (const row of rows) {
    for (const [platform, field, platformName] of identityFields) {
      const platformUserId = row[field];
      if (platformUserId === undefined) continue;
      const key = identityKey(platform, platformUserId);
      const earlier = lineOf.get(key);
      if (earlier !== undefined) {
        problems.push({ line: row.line, field, message: `${platformUserId} is already on line ${earlier}: one chat identity is one person` });
        continue;
      }
      lineOf.set(key, row.line);
      const owner = current.identities.get(key);
      if (!owner || owner.personId === current.people.get(row.email)?.id) continue;
      moves.push({ platform, platformUserId, heldAs: owner.platformUserId, fromPersonId: owner.personId, toEmail: row.email });
      if (!reassignIdentities) {
        problems.push({
          line: row.line,
          field,
          message: `${platformUserId} is ${owner.email}'s ${platformName} id in the directory; moving it to another person needs --reassign-identities`,
        });
      }
    }
  }
  return { problems, moves };
}
