// What the directory says, kept in memory so that a click costs no look-up: who a chat user is (their
// entry and personal chat), and who supervises whom and who is away. Any write to `person`,
// `chat_identity`, `supervision_relationship` or `absence` empties it: in this process at once (it is a
// Kysely plugin and sees the write), in every other process when the write commits (PostgreSQL's
// NOTIFY, from the triggers of migration 0008). On PostgreSQL it serves only while its listening
// connection is up, so a missed notice can never leave a stale role or supervisor in use; an entry
// lives a minute at most.
import { performance } from 'node:perf_hooks';
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import pg from 'pg';

/** Where other processes' changes are heard: PostgreSQL's address and the schema the store works in. */
export interface DirectoryChannel {
  url: string;
  schema?: string;
}

export const DIRECTORY_CHANGED = 'directory_changed';
const DIRECTORY_TABLES = new Set(['person', 'chat_identity', 'supervision_relationship', 'absence']);
const LIFETIME_MS = 60_000;
const MOST_ENTRIES = 10_000;
/** After the listening connection fails, wait this long before trying again (and keep serving from the database). */
const RETRY_MS = 5_000;

/** A look-up that has started: its answer is kept only if nothing in the directory changed meanwhile. */
export interface Lookup {
  readonly generation: number;
}

export class DirectoryCache implements KyselyPlugin {
  private readonly entries = new Map<string, { value: unknown; storedAt: number }>();
  private generation = 0;
  private readonly writes = new WeakSet<object>();
  private listener: pg.Client | undefined;
  private state: 'off' | 'connecting' | 'up' | 'closed';
  private failedAt = -Infinity;

  /** Without a channel the store is one process's own (PGlite), and this process sees every write. */
  constructor(private readonly channel?: DirectoryChannel) {
    this.state = channel ? 'off' : 'up';
  }

  /** Whether answers may come from memory now: always with PGlite; on PostgreSQL while it hears of changes. */
  get serving(): boolean {
    return this.state === 'up';
  }

  /** What is kept under `key` (e.g. "identity:teams:<user id>"), or undefined: look it up (after `begin()`) and `keep()` it. */
  get<T>(key: string): T | undefined {
    if (this.state !== 'up') {
      this.startListening();
      return undefined;
    }
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.storedAt > LIFETIME_MS) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value as T;
  }

  begin(): Lookup {
    return { generation: this.generation };
  }

  /** Keeps what a look-up found, unless the directory changed since it began or nobody is listening for changes. */
  keep<T>(key: string, lookup: Lookup, value: T): void {
    if (this.state !== 'up' || lookup.generation !== this.generation) return;
    if (this.entries.size >= MOST_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, storedAt: performance.now() });
  }

  forget(): void {
    this.generation += 1;
    this.entries.clear();
  }

  async close(): Promise<void> {
    this.state = 'closed';
    this.forget();
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => {});
  }

  // The plugin: a write to the directory empties the cache before it runs and again once it has run.
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (writesDirectory(args.node)) {
      this.writes.add(args.queryId);
      this.forget();
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.writes.has(args.queryId)) this.forget();
    return args.result;
  }

  private startListening(): void {
    if (this.state !== 'off' || !this.channel || performance.now() - this.failedAt < RETRY_MS) return;
    this.state = 'connecting';
    const schema = this.channel.schema;
    const listener = new pg.Client({ connectionString: this.channel.url, application_name: `supervision-bot directory ${schema ?? ''}`.trim() });
    listener.on('notification', (notice) => {
      if (!schema || notice.payload === schema) this.forget();
    });
    const lost = () => {
      if (this.listener !== listener) return;
      this.listener = undefined;
      if (this.state !== 'closed') this.state = 'off';
      this.failedAt = performance.now();
      this.forget();
      listener.end().catch(() => {});
    };
    listener.on('error', lost);
    listener.on('end', lost);
    this.listener = listener;
    listener
      .connect()
      .then(() => listener.query(`listen ${DIRECTORY_CHANGED}`))
      .then(() => {
        if (this.state !== 'connecting' || this.listener !== listener) return void listener.end().catch(() => {});
        // Whatever was read before now may have changed unheard.
        this.forget();
        this.state = 'up';
      }, lost);
  }
}

function tableName(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  if (node.kind === 'TableNode') return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (node.kind === 'AliasNode') return tableName((node as unknown as { node: OperationNode }).node);
  return undefined;
}

const WRITES_DIRECTORY_SQL = /\b(insert\s+into|update|delete\s+from|truncate)\s+(table\s+)?"?(person|chat_identity|supervision_relationship|absence)\b/i;

/** True when a query inserts, updates or deletes rows of a directory table, itself or in a CTE. */
export function writesDirectory(node: OperationNode): boolean {
  const query = node as OperationNode & {
    into?: OperationNode;
    table?: OperationNode;
    from?: { froms: OperationNode[] };
    with?: { expressions: { expression: OperationNode }[] };
    sqlFragments?: readonly string[];
  };
  if (query.with?.expressions.some((cte) => writesDirectory(cte.expression))) return true;
  switch (node.kind) {
    case 'InsertQueryNode':
      return DIRECTORY_TABLES.has(tableName(query.into) ?? '');
    case 'UpdateQueryNode':
      return DIRECTORY_TABLES.has(tableName(query.table) ?? '');
    case 'DeleteQueryNode':
      return (query.from?.froms ?? []).some((from) => DIRECTORY_TABLES.has(tableName(from) ?? ''));
    case 'RawNode':
      return WRITES_DIRECTORY_SQL.test((query.sqlFragments ?? []).join(' '));
    default:
      return false;
  }
}
