// An action as a signed-off supervision leaves it: a record by its author, and an open action on it.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export async function addAction(
  db: Kysely<Database>,
  input: { ownerId: string; authorId: string; superviseeId: string; due: string; what: string; caseReference?: string; agreedAt?: string },
): Promise<string> {
  const recordId = randomUUID();
  const actionId = randomUUID();
  const agreedAt = input.agreedAt ?? '2026-11-02T10:00:00Z';
  const caseReference = input.caseReference ?? 'CF-204518';
  await db
    .insertInto('record')
    .values({
      id: recordId,
      record_key: recordId,
      version_no: 1,
      session_id: null,
      trigger_request_id: null,
      supervisee_id: input.superviseeId,
      author_id: input.authorId,
      model: '4x4x4',
      stored_on: 'child-record',
      case_reference: caseReference,
      content: JSON.stringify({}),
      due_at: null,
      created_at: agreedAt,
    })
    .execute();
  await db
    .insertInto('action_item')
    .values({
      id: actionId,
      record_id: recordId,
      owner_id: input.ownerId,
      case_reference: caseReference,
      description: input.what,
      due_on: input.due,
      status: 'open',
      updated_at: agreedAt,
    })
    .execute();
  return actionId;
}
