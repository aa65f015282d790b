// How the audit log shows a patch's `before`. A patch's entry lists in `before` only the fields
// that had a value (a blank field listed as null there cost most of the bytes a bulk push wrote);
// a field in `after` that `before` leaves out was blank. Readers (the viewer, the CSV export, the
// subject-access export) show it as blank again, so old and new entries read the same.

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The `before` of an entry as people read it: for a patch, every field its `after` names, those
 * left out of `before` as null (blank); any other entry's `before` as stored.
 */
export function shownBefore(entry: { action: string; before: unknown; after: unknown }): unknown {
  if (!entry.action.endsWith('.patch') || !isPlainObject(entry.after)) return entry.before;
  if (entry.before !== null && entry.before !== undefined && !isPlainObject(entry.before)) return entry.before;
  const before = entry.before ?? {};
  return Object.fromEntries(
    Object.keys(entry.after).map((path) => [path, Object.hasOwn(before, path) ? before[path] : null]),
  );
}
