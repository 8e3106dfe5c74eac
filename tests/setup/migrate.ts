import { inject } from "vitest";

// In the postgres project the database was created and migrated by the global setup; point this
// file's process at it. In the pglite project every test file migrates its own in-memory database.
const provided = inject("databaseUrl");
if (provided) process.env.DATABASE_URL = provided;

const { migrateDb } = await import("@/db");
const { env } = await import("@/lib/env");
if (env().DATABASE_URL === "memory://") await migrateDb();
