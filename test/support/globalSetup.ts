// Once per test run: the PostgreSQL stores of this run get schemas named with one prefix, and are dropped
// together at the end (a run that is killed leaves its schemas for a later run to drop). Each test used to
// drop its own as it ended, which, before the store introspected its own schema only (src/store/ownSchema.ts),
// failed other tests' migrations ("schema ... does not exist"); one drop at the end is also quicker.
import pg from 'pg';

const PREFIX = 'test_run_';
/** Left behind by runs that were killed: older than this, dropped by the next run. */
const STALE_MS = 6 * 60 * 60_000;

export default async function setup() {
  const started = Date.now();
  process.env.TEST_SCHEMA_PREFIX = `${PREFIX}${started.toString(36)}_`;
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const dropWhere = async (keep: (schema: string) => boolean) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(`select nspname as name from pg_namespace where nspname like 'test\\_%'`);
      for (const { name } of rows) if (!keep(name)) await client.query(`drop schema if exists "${name}" cascade`);
    } finally {
      await client.end();
    }
  };
  const runStart = (name: string) => (name.startsWith(PREFIX) ? parseInt(name.slice(PREFIX.length).split('_')[0]!, 36) : NaN);
  // Other runs' schemas: only those of runs long finished, and the unprefixed ones of older versions of these tests.
  await dropWhere((name) => {
    const at = runStart(name);
    return Number.isNaN(at) ? false : started - at < STALE_MS;
  });
  return async () => dropWhere((name) => !name.startsWith(process.env.TEST_SCHEMA_PREFIX!));
}
