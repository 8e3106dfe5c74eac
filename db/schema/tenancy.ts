import { sql } from "drizzle-orm";
import { index, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./accounts";

export const role = pgEnum("role", ["owner", "admin", "agent", "viewer"]);

/** How the business's chat widget looks and who may embed it (validated by lib/widget/schemas.ts). */
export type WidgetSettings = {
  /** Exact origins (scheme://host[:port]) whose pages may embed the widget; empty embeds nowhere. */
  allowedOrigins: string[];
  /** The agent that answers; null means the business's first active agent. */
  agentId: string | null;
  color: string;
  position: "left" | "right";
  launcherText: string;
  /** Shown above the conversation instead of the agent's greeting when set. */
  greeting: string | null;
  /** Refuse `identify` claims that are not signed with the widget secret (anonymous visitors may still chat). */
  requireVerifiedIdentity: boolean;
};

export const defaultWidgetSettings: WidgetSettings = { allowedOrigins: [], agentId: null, color: "#4f46e5", position: "right", launcherText: "Chat with us", greeting: null, requireVerifiedIdentity: false };

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
    /** Public: it names the business in the embed snippet, so it grants nothing by itself. */
    widgetPublicKey: text()
      .notNull()
      .default(sql`'pk_' || replace(gen_random_uuid()::text, '-', '')`),
    widgetSettings: jsonb().$type<WidgetSettings>().notNull().default(defaultWidgetSettings),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("business_slug_unique").on(t.slug), uniqueIndex("business_widget_public_key_unique").on(t.widgetPublicKey)],
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

/**
 * The secret a business signs its users' ids with for widget identity verification, sealed
 * (AES-256-GCM) apart from the business row so no business view can ever carry it.
 */
export const widgetSecret = pgTable("widget_secret", {
  businessId: uuid()
    .primaryKey()
    .references(() => business.id, { onDelete: "cascade" }),
  sealed: text().notNull(),
  /** The secret's last four characters, to tell which one is in use. */
  hint: text().notNull(),
  createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
  createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
});
