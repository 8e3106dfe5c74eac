import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./accounts";

export const role = pgEnum("role", ["owner", "admin", "agent", "viewer"]);

export const business = pgTable(
  "business",
  {
    id: uuid().primaryKey().defaultRandom(),
    slug: text().notNull(),
    name: text().notNull(),
    // Profile text the agents' prompts draw on.
    description: text().notNull().default(""),
    timezone: text().notNull().default("UTC"),
    locale: text().notNull().default("en"),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("business_slug_unique").on(t.slug)],
);

export const membership = pgTable(
  "membership",
  {
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    userId: uuid()
      .notNull()
      .references(() => user.id, { onDelete: "cascade" }),
    role: role().notNull(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.businessId, t.userId] }), index("membership_user_idx").on(t.userId)],
);

export const invitation = pgTable(
  "invitation",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    email: text().notNull(),
    role: role().notNull(),
    // Only the SHA-256 of the link's token is kept: a database leak must not yield usable links.
    tokenHash: text().notNull(),
    invitedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    expiresAt: timestamp({ withTimezone: true, precision: 3 }).notNull(),
    acceptedAt: timestamp({ withTimezone: true, precision: 3 }),
    acceptedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("invitation_token_hash_unique").on(t.tokenHash), index("invitation_business_idx").on(t.businessId)],
);

export type Role = (typeof role.enumValues)[number];
export type Business = typeof business.$inferSelect;
export type Membership = typeof membership.$inferSelect;
export type Invitation = typeof invitation.$inferSelect;
