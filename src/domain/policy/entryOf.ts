// A pack's entries (triggers, models, kinds, cohorts) are plain objects: a key typed by a person or read
// back from the database is looked up among the pack's own keys only, never Object.prototype's
// ("constructor", "__proto__", "toString"), which would otherwise come back as an entry.

/** The entry named `key`, or undefined when the pack has none of that name. */
export function entryOf<T>(entries: Readonly<Partial<Record<string, T>>> | undefined, key: string | null | undefined): T | undefined {
  return entries !== undefined && typeof key === 'string' && Object.hasOwn(entries, key) ? entries[key] : undefined;
}
