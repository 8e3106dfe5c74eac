import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./accounts";
import { agent, stage } from "./pipeline";
import { business } from "./tenancy";

/** An end user: an anonymous visitor, or a person the business vouched for (identity verification). */
export const contact = pgTable(
  "contact",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    /** The widget's random visitor id, or the caller's own id for API-started conversations. */
    visitorId: text().notNull(),
    /** The business's own user id, set only once verified. */
    externalId: text(),
    name: text(),
    email: text(),
    phone: text(),
    attributes: jsonb().$type<Record<string, string | number | boolean>>().notNull().default({}),
    lastSeenAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("contact_visitor_unique").on(t.businessId, t.visitorId),
    uniqueIndex("contact_external_unique").on(t.businessId, t.externalId).where(sql`${t.externalId} is not null`),
  ],
);

export const conversationStatus = pgEnum("conversation_status", ["open", "waiting", "resolved"]);
export const conversationHolder = pgEnum("conversation_holder", ["ai", "human"]);
export const channel = pgEnum("channel", ["widget", "api", "playground", "openai"]);

/** What each captured field holds, by the stage field's key. */
export type CapturedFields = Record<string, string | number>;

export const conversation = pgTable(
  "conversation",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    /** Null once its agent is deleted: the history stays, a human answers from then on. */
    agentId: uuid().references(() => agent.id, { onDelete: "set null" }),
    contactId: uuid()
      .notNull()
      .references(() => contact.id, { onDelete: "cascade" }),
    channel: channel().notNull(),
    stageId: uuid().references(() => stage.id, { onDelete: "set null" }),
    captured: jsonb().$type<CapturedFields>().notNull().default({}),
    status: conversationStatus().notNull().default("open"),
    /** While `human`, the AI never replies. */
    holder: conversationHolder().notNull().default("ai"),
    assigneeId: uuid().references(() => user.id, { onDelete: "set null" }),
    /** AI replies so far, for the agent's "hand over after N turns" rule. */
    aiTurns: integer().notNull().default(0),
    /** The last message's sequence number; incremented under the row lock to order messages. */
    lastSeq: integer().notNull().default(0),
    lastMessageAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    /**
     * Set while an instance generates a reply: one generation per conversation at a time, also
     * across instances. Expires by itself if that instance dies.
     */
    turnLeaseUntil: timestamp({ withTimezone: true, precision: 3 }),
    resolvedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index("conversation_business_recent_idx").on(t.businessId, t.lastMessageAt),
    index("conversation_business_status_idx").on(t.businessId, t.status),
    index("conversation_contact_idx").on(t.contactId),
  ],
);

export const messageRole = pgEnum("message_role", ["contact", "assistant", "staff", "note", "system"]);
/**
 * contact: `pending` until answered (or handed over), then `answered`.
 * assistant: `streaming` while generated, then `complete`, or `incomplete` when the stream was cut.
 * Others are `complete` when written.
 */
export const messageStatus = pgEnum("message_status", ["pending", "answered", "streaming", "complete", "incomplete"]);

/** How an assistant reply came to be, for accounting and the playground. */
export type MessageUsage = {
  provider: string;
  model: string;
  inputTokens: number | null;
  outputTokens: number | null;
  firstTokenMs: number | null;
  latencyMs: number;
  costUsd: number | null;
};

export const message = pgTable(
  "message",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    seq: integer().notNull(),
    role: messageRole().notNull(),
    content: text().notNull(),
    status: messageStatus().notNull(),
    /** The sender's own id for the message: a retry with the same id is the same message. */
    clientMessageId: text(),
    authorId: uuid().references(() => user.id, { onDelete: "set null" }),
    provider: text(),
    model: text(),
    inputTokens: integer(),
    outputTokens: integer(),
    firstTokenMs: integer(),
    latencyMs: integer(),
    costUsd: real(),
    /** Engine detail: tool calls with their verdicts, the error behind a fallback… */
    meta: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("message_seq_unique").on(t.conversationId, t.seq),
    uniqueIndex("message_client_id_unique").on(t.conversationId, t.clientMessageId).where(sql`${t.clientMessageId} is not null`),
    index("message_pending_idx").on(t.status).where(sql`${t.status} = 'pending'`),
  ],
);

export const stageEventActor = pgEnum("stage_event_actor", ["ai", "staff", "rule"]);

/** Every stage transition of a conversation; the funnel analytics are built from these. */
export const stageEvent = pgTable(
  "stage_event",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    conversationId: uuid()
      .notNull()
      .references(() => conversation.id, { onDelete: "cascade" }),
    fromStageId: uuid().references(() => stage.id, { onDelete: "set null" }),
    toStageId: uuid().references(() => stage.id, { onDelete: "set null" }),
    actor: stageEventActor().notNull(),
    actorUserId: uuid().references(() => user.id, { onDelete: "set null" }),
    reason: text().notNull().default(""),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("stage_event_conversation_idx").on(t.conversationId, t.createdAt), index("stage_event_business_idx").on(t.businessId, t.createdAt)],
);

export type Contact = typeof contact.$inferSelect;
export type Conversation = typeof conversation.$inferSelect;
export type ConversationStatus = (typeof conversationStatus.enumValues)[number];
export type Channel = (typeof channel.enumValues)[number];
export type Message = typeof message.$inferSelect;
export type MessageRole = (typeof messageRole.enumValues)[number];
export type StageEvent = typeof stageEvent.$inferSelect;
