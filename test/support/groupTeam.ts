// The team the group supervision tests share: North (a manager, a supervisor and four practitioners of
// `cohort`, all started in June 2025) and South (one practitioner, supervised by the manager).
import type { Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';

export const groupDirectory = (cohort: string) => `email,name,role,team,supervisor,cohort,start_date,slack_user_id
manager@example.org,Team Manager A,manager,North,,,,U0MANAGER
supervisor@example.org,Practice Supervisor B,supervisor,North,manager@example.org,,,U0SUPERV1
c@example.org,Social Worker C,practitioner,North,supervisor@example.org,${cohort},2025-06-02,U0WORKERC
d@example.org,Social Worker D,practitioner,North,supervisor@example.org,${cohort},2025-06-02,U0WORKERD
e@example.org,Social Worker E,practitioner,North,supervisor@example.org,${cohort},2025-06-02,U0WORKERE
f@example.org,Social Worker F,practitioner,North,supervisor@example.org,${cohort},2025-06-02,U0WORKERF
south@example.org,Social Worker S,practitioner,South,manager@example.org,${cohort},2025-06-02,U0WORKERS
`;

/** Every group session in the store, in the order of the series. */
export const groupSeries = (db: Kysely<Database>) =>
  db
    .selectFrom('supervision_session')
    .innerJoin('group_session', 'group_session.session_id', 'supervision_session.id')
    .select(['supervision_session.id', 'starts_at', 'status', 'sequence'])
    .orderBy('sequence')
    .execute();
