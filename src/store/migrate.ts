// Migrations run on start and by `supervision-bot db migrate`; they live in code, listed here in order.
import { Migrator, sql, type Migration, type MigrationProvider, type Kysely, type MigrationResult } from 'kysely';
import * as initial from './migrations/0001_initial.js';
import * as reminderTime from './migrations/0002_reminder_time.js';
import * as recordDeadline from './migrations/0003_record_deadline.js';
import * as sessions from './migrations/0004_sessions.js';
import * as actionExtension from './migrations/0005_action_extension.js';
import * as group from './migrations/0006_group.js';
import * as sessionRecords from './migrations/0007_session_records.js';
import * as directoryChanged from './migrations/0008_directory_changed.js';
import * as changedSince from './migrations/0009_changed_since.js';
import * as outboxPriority from './migrations/0010_outbox_priority.js';
import * as oneDraft from './migrations/0011_one_draft.js';
import * as slackReplay from './migrations/0012_slack_replay.js';
import * as history from './migrations/0013_history.js';
import * as botClock from './migrations/0014_bot_clock.js';
import * as caseRecords from './migrations/0015_case_records.js';
import * as disputesAndDifferentSupervisor from './migrations/0016_disputes_and_different_supervisor.js';
import * as caseList from './migrations/0020_case_list.js';
import * as agreements from './migrations/0021_agreements.js';
import * as groupInterval from './migrations/0022_group_interval.js';
import * as caseFrequency from './migrations/0023_case_frequency.js';
import * as agreedArrangements from './migrations/0024_agreed_arrangements.js';
import * as disputeOutcome from './migrations/0025_dispute_outcome.js';
import * as caseLastDiscussed from './migrations/0026_case_last_discussed.js';
import * as professionalSupervision from './migrations/0028_professional_supervision.js';
import * as recordAccess from './migrations/0029_record_access.js';
import * as reportIndexes from './migrations/0030_report_indexes.js';
import * as auditRecordViews from './migrations/0032_audit_record_views.js';
import * as personLanguage from './migrations/0033_person_language.js';
import * as caseOverdueTold from './migrations/0034_case_overdue_told.js';

/** Every migration, by name, in the order they run. */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001_initial': initial,
  '0002_reminder_time': reminderTime,
  '0003_record_deadline': recordDeadline,
  '0004_sessions': sessions,
  '0005_action_extension': actionExtension,
  '0006_group': group,
  '0007_session_records': sessionRecords,
  '0008_directory_changed': directoryChanged,
  '0009_changed_since': changedSince,
  '0010_outbox_priority': outboxPriority,
  '0011_one_draft': oneDraft,
  '0012_slack_replay': slackReplay,
  '0013_history': history,
  '0014_bot_clock': botClock,
  '0015_case_records': caseRecords,
  '0016_disputes_and_different_supervisor': disputesAndDifferentSupervisor,
  '0020_case_list': caseList,
  '0021_agreements': agreements,
  '0022_group_interval': groupInterval,
  '0023_case_frequency': caseFrequency,
  '0024_agreed_arrangements': agreedArrangements,
  '0025_dispute_outcome': disputeOutcome,
  '0026_case_last_discussed': caseLastDiscussed,
  '0028_professional_supervision': professionalSupervision,
  '0029_record_access': recordAccess,
  '0030_report_indexes': reportIndexes,
  '0032_audit_record_views': auditRecordViews,
  '0033_person_language': personLanguage,
  '0034_case_overdue_told': caseOverdueTold,
};

class InCodeMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations;
  }
}

export class MigrationError extends Error {}

/** Brings the database up to date; safe to run from several replicas at once (Kysely takes a lock). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  // Kysely looks for its own tables in every schema unless told which: with several schemas on one
  // server (tests, or councils sharing a database) it would find another schema's and skip making its own.
  const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
  const migrator = new Migrator({ db, provider: new InCodeMigrations(), migrationTableSchema: schema });
  // Whether its tables exist, it asks the store's introspection, which looks at this schema only
  // (ownSchema.ts): other schemas dropped meanwhile cannot fail it.
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return results ?? [];
}
