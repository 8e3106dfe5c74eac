import { getDb, type Db } from "./index";

/**
 * A statement drizzle builds once per database handle instead of on every call, for the few on
 * every message's path: building drizzle's SQL costs more CPU than running the statement
 * (≈ 0.3 ms against ≈ 0.2 ms here, see docs/performance.md). Values are passed at execution,
 * named by `sql.placeholder(...)`; they reach the driver as given, so timestamps are written with
 * the database's `now()` rather than passed in.
 */
export function prepared<Query>(build: (db: Db) => Query): () => Promise<Query> {
  const built = new WeakMap<Db, Query>();
  return async () => {
    const db = await getDb();
    let query = built.get(db);
    if (query === undefined) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}
