import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { env } from "@/lib/env";
import * as schema from "./schema";

/**
 * The one place that knows which database is behind drizzle: PGlite in `DATA_DIR` by default,
 * in memory for `memory://` (tests), PostgreSQL through postgres.js for `postgres://` URLs.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** A transaction handle; services that must join an outer transaction accept either. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type DbOrTx = Db | Tx;

type Handle = { db: Db; kind: "pglite" | "postgres"; migrate(): Promise<void>; close(): Promise<void> };

// Next bundles route code separately from server.ts, so the same module may be loaded twice in
// one process; the connection lives on globalThis so both copies share it (two PGlite instances
// on one directory would corrupt it).
const handleKey = Symbol.for("parley.db");
type HandleHolder = { [handleKey]?: Promise<Handle> };

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

function migrationsDir(): string {
  // In the Next bundle import.meta.url points into .next/; fall back to the source tree.
  return fs.existsSync(migrationsFolder) ? migrationsFolder : path.resolve("db/migrations");
}

async function open(): Promise<Handle> {
  const url = env().DATABASE_URL;
  if (url?.startsWith("postgres")) {
    const client = postgres(url, { max: 10, onnotice: () => {} });
    const db = drizzlePostgres(preparing(client), { schema, casing: "snake_case" }) as unknown as Db;
    return {
      db,
      kind: "postgres",
      migrate: () => migratePostgres(drizzlePostgres(client, { casing: "snake_case" }), { migrationsFolder: migrationsDir() }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  let dataPath: string | undefined;
  if (!url) {
    dataPath = path.join(env().dataDir, "pglite");
    fs.mkdirSync(dataPath, { recursive: true });
  }
  const client = new PGlite(dataPath);
  const pglite = drizzlePglite(client, { schema, casing: "snake_case" });
  return {
    db: pglite as unknown as Db,
    kind: "pglite",
    migrate: () => migratePglite(pglite, { migrationsFolder: migrationsDir() }),
    close: () => client.close(),
  };
}

/**
 * drizzle runs every query it was not given a name for as an unnamed statement, which PostgreSQL
 * parses and plans anew each time — about half of a simple query's cost, on every message's path.
 * This client leaves the choice to postgres.js's own `prepare` setting instead (on by default), so
 * each connection prepares a query shape once; drizzle's SQL text carries only placeholders, so
 * the shapes are few. Transactions and savepoints hand out clients that do the same.
 */
function preparing(client: postgres.Sql): postgres.Sql {
  const withPreparing =
    (open: (...args: unknown[]) => unknown) =>
    (...args: unknown[]) => {
      const body = args.pop() as (sql: postgres.Sql) => unknown;
      return open(...args, (sql: postgres.Sql) => body(preparing(sql)));
    };
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "unsafe") {
        return (query: string, params?: postgres.ParameterOrJSON<never>[], options?: postgres.UnsafeQueryOptions) => target.unsafe(query, params, { ...options, prepare: true });
      }
      if (property === "begin" || property === "savepoint") return withPreparing(Reflect.get(target, property, receiver).bind(target));
      return Reflect.get(target, property, receiver);
    },
  });
}

function handle(): Promise<Handle> {
  const holder = globalThis as HandleHolder;
  holder[handleKey] ??= open();
  return holder[handleKey];
}

/** The drizzle database of this process. */
export async function getDb(): Promise<Db> {
  return (await handle()).db;
}

/** Applies every pending migration (idempotent). */
export async function migrateDb(): Promise<void> {
  await (await handle()).migrate();
}

/** Answers whether the database accepts a query; used by /api/ready. */
export async function pingDb(): Promise<boolean> {
  try {
    await (await getDb()).execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}

export async function closeDb(): Promise<void> {
  const holder = globalThis as HandleHolder;
  const pending = holder[handleKey];
  holder[handleKey] = undefined;
  if (pending) await (await pending).close();
}

export { schema };
