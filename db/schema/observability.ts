import { integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

/** Unexpected errors, one row per fingerprint, so a recurring failure is one line with a count. */
export const errorLog = pgTable(
  "error_log",
  {
    id: uuid().primaryKey().defaultRandom(),
    fingerprint: text().notNull(),
    name: text().notNull(),
    message: text().notNull(),
    stack: text(),
    source: text().notNull(),
    lastRequestId: text(),
    count: integer().notNull().default(1),
    firstSeenAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("error_log_fingerprint_unique").on(t.fingerprint)],
);

export type ErrorLogEntry = typeof errorLog.$inferSelect;
