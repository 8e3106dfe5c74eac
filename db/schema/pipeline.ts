import { boolean, index, integer, jsonb, pgEnum, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { user } from "./accounts";
import { business } from "./tenancy";

/** A value a stage asks the agent to capture from the conversation. */
export type CaptureField = {
  key: string;
  label: string;
  type: "text" | "email" | "phone" | "number" | "date" | "choice";
  required: boolean;
  /** The allowed values of a `choice` field. */
  options?: string[];
};

/** For the offline `scripted` model: words or a pattern in the contact's message that move to a stage. */
export type KeywordRule = { match: "keywords" | "regex"; pattern: string; nextStageId: string };

export const stage = pgTable(
  "stage",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    key: text().notNull(),
    name: text().notNull(),
    goal: text().notNull().default(""),
    instructions: text().notNull().default(""),
    exitCriteria: text().notNull().default(""),
    fields: jsonb().$type<CaptureField[]>().notNull().default([]),
    /** Explicit allowed next stages; empty means "the next stage in order". */
    nextStageIds: jsonb().$type<string[]>().notNull().default([]),
    keywordRules: jsonb().$type<KeywordRule[]>().notNull().default([]),
    isEntry: boolean().notNull().default(false),
    isTerminal: boolean().notNull().default(false),
    requestsHuman: boolean().notNull().default(false),
    position: integer().notNull(),
    archivedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("stage_business_key_unique").on(t.businessId, t.key), index("stage_business_position_idx").on(t.businessId, t.position)],
);

export const templateKind = pgEnum("template_kind", ["system", "stage", "greeting", "reply", "fallback", "handoff"]);

export const template = pgTable(
  "template",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    kind: templateKind().notNull(),
    name: text().notNull(),
    /** For `stage` and `reply` templates: the stage they belong to (null = any stage). */
    stageId: uuid().references(() => stage.id, { onDelete: "set null" }),
    /** The body of the newest version, kept here so reads need no join. */
    body: text().notNull(),
    version: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("template_business_idx").on(t.businessId, t.kind)],
);

/** Every save of a template, immutable. */
export const templateVersion = pgTable(
  "template_version",
  {
    id: uuid().primaryKey().defaultRandom(),
    templateId: uuid()
      .notNull()
      .references(() => template.id, { onDelete: "cascade" }),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    name: text().notNull(),
    body: text().notNull(),
    savedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    /** Set when this version restored an older one. */
    restoredFrom: integer(),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("template_version_unique").on(t.templateId, t.version)],
);

export const provider = pgEnum("provider", ["scripted", "openai", "anthropic", "openai-compatible"]);

export type HandoffRules = {
  /** Words in a contact's message that hand the conversation to a human. */
  keywords: string[];
  /** Hand over after this many AI replies in one conversation; null = never. */
  maxAiTurns: number | null;
  /** What a provider failure does once retries and the fallback model are spent. */
  onProviderError: "handoff" | "fallback_template";
};

export const agent = pgTable(
  "agent",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    name: text().notNull(),
    description: text().notNull().default(""),
    avatarUrl: text(),
    provider: provider().notNull().default("scripted"),
    model: text().notNull(),
    /** For `openai-compatible`: the server's base URL (Ollama, vLLM, LM Studio, OpenRouter…). */
    baseUrl: text(),
    temperature: real().notNull().default(0.7),
    maxOutputTokens: integer().notNull().default(1024),
    systemTemplateId: uuid().references(() => template.id, { onDelete: "restrict" }),
    greetingTemplateId: uuid().references(() => template.id, { onDelete: "restrict" }),
    fallbackTemplateId: uuid().references(() => template.id, { onDelete: "restrict" }),
    handoffTemplateId: uuid().references(() => template.id, { onDelete: "restrict" }),
    entryStageId: uuid().references(() => stage.id, { onDelete: "restrict" }),
    handoffRules: jsonb().$type<HandoffRules>().notNull(),
    fallbackProvider: provider(),
    fallbackModel: text(),
    firstTokenTimeoutMs: integer().notNull().default(15_000),
    replyTimeoutMs: integer().notNull().default(60_000),
    /** USD per million tokens, by model name; overrides the built-in price table. */
    prices: jsonb().$type<Record<string, { input: number; output: number }>>().notNull().default({}),
    status: text({ enum: ["active", "paused"] }).notNull().default("active"),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [index("agent_business_idx").on(t.businessId)],
);

/** A provider API key of one business, encrypted at rest (AES-256-GCM); never sent back in clear. */
export const providerCredential = pgTable(
  "provider_credential",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    provider: provider().notNull(),
    /** iv.tag.ciphertext, base64url. */
    secret: text().notNull(),
    /** The last four characters, to show as `sk-…abcd`. */
    hint: text().notNull(),
    updatedBy: uuid().references(() => user.id, { onDelete: "set null" }),
    updatedAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("provider_credential_unique").on(t.businessId, t.provider)],
);

export const apiKey = pgTable(
  "api_key",
  {
    id: uuid().primaryKey().defaultRandom(),
    businessId: uuid()
      .notNull()
      .references(() => business.id, { onDelete: "cascade" }),
    name: text().notNull(),
    /** The key's visible start (`pk_live_ab12…`), to recognise it in lists. */
    prefix: text().notNull(),
    /** SHA-256 of the whole secret: keys are high-entropy, so a fast hash is enough. */
    secretHash: text().notNull(),
    scopes: jsonb().$type<("read" | "write")[]>().notNull(),
    createdBy: uuid().references(() => user.id, { onDelete: "set null" }),
    lastUsedAt: timestamp({ withTimezone: true, precision: 3 }),
    revokedAt: timestamp({ withTimezone: true, precision: 3 }),
    createdAt: timestamp({ withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("api_key_secret_hash_unique").on(t.secretHash), index("api_key_business_idx").on(t.businessId)],
);

export type Stage = typeof stage.$inferSelect;
export type Template = typeof template.$inferSelect;
export type TemplateKind = (typeof templateKind.enumValues)[number];
export type TemplateVersion = typeof templateVersion.$inferSelect;
export type Agent = typeof agent.$inferSelect;
export type Provider = (typeof provider.enumValues)[number];
export type ProviderCredential = typeof providerCredential.$inferSelect;
export type ApiKey = typeof apiKey.$inferSelect;
