import { and, asc, desc, eq, getTableColumns, gt, gte, ilike, inArray, isNull, lt, ne, notExists, or, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { prepared } from "@/db/prepared";
import { PG_NOT_NULL_VIOLATION, PG_UNIQUE_VIOLATION, pgErrorCode } from "@/db/errors";
import { agent, contact, conversation, membership, message, stage, stageEvent, template, type Contact, type Conversation, type Message } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { scheduleTurn } from "@/lib/engine/turn";
import { emitEngineEvent } from "@/lib/engine/events";
import { keepStoreLease, leaseWithMessage } from "@/lib/engine/lease";
import { nextPosition, nextSeq } from "@/lib/engine/position";
import { renderFor, templateContext } from "@/lib/engine/prompt";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { decodeCursor, toPage, type Page } from "@/lib/pagination";
import { businessAccess, inBusiness, memberMay, statementAccess, type BusinessAccess, type StatementAccess } from "@/lib/tenancy/access";
import type { TemplateContext } from "@/lib/templates/variables";
import type { ListConversationsQuery, ListMessagesQuery, PostMessageInput, StartConversationInput, UpdateConversationInput } from "./schemas";

export type ConversationView = Pick<
  Conversation,
  "id" | "status" | "holder" | "channel" | "agentId" | "assigneeId" | "captured" | "aiTurns" | "lastMessageAt" | "resolvedAt" | "createdAt"
> & {
  stage: { id: string; key: string; name: string } | null;
  contact: Pick<Contact, "id" | "name" | "email" | "phone" | "externalId">;
  /** Whether the contact has written yet: a widget chat someone opened and never wrote in is not listed. */
  contactWrote: boolean;
};

/** Whether a conversation holds a message of its contact. */
const contactWrote = sql<boolean>`exists (select 1 from ${message} where ${message.conversationId} = ${conversation.id} and ${message.role} = 'contact')`;

/** The columns every conversation view is read with. */
const viewColumns = () => ({ conversation, contact, stage: { id: stage.id, key: stage.key, name: stage.name }, contactWrote: contactWrote.as("contact_wrote") });

export type MessageView = Omit<Message, "businessId" | "conversationId">;

export const toMessageView = ({ businessId: _b, conversationId: _c, ...rest }: Message): MessageView => rest;

async function conversationRow(access: BusinessAccess, conversationId: string) {
  const db = await getDb();
  const [row] = await db
    .select(viewColumns())
    .from(conversation)
    .innerJoin(contact, eq(contact.id, conversation.contactId))
    .leftJoin(stage, eq(stage.id, conversation.stageId))
    .where(inBusiness(conversation.businessId, access, eq(conversation.id, conversationId)));
  if (!row) throw new NotFoundError("conversation");
  return row;
}

function toView(row: { conversation: Conversation; contact: Contact; stage: { id: string; key: string; name: string } | null; contactWrote: boolean }): ConversationView {
  const c = row.conversation;
  return {
    id: c.id,
    status: c.status,
    holder: c.holder,
    channel: c.channel,
    agentId: c.agentId,
    assigneeId: c.assigneeId,
    stage: row.stage,
    captured: c.captured,
    aiTurns: c.aiTurns,
    contact: { id: row.contact.id, name: row.contact.name, email: row.contact.email, phone: row.contact.phone, externalId: row.contact.externalId },
    lastMessageAt: c.lastMessageAt,
    resolvedAt: c.resolvedAt,
    createdAt: c.createdAt,
    contactWrote: row.contactWrote,
  };
}

export async function getConversation(actor: Actor, businessId: string, conversationId: string): Promise<ConversationView> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  return toView(await conversationRow(access, conversationId));
}

export async function listConversations(actor: Actor, businessId: string, query: ListConversationsQuery): Promise<Page<ConversationView>> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  const db = await getDb();
  const me = actorUserId(actor);
  const assigneeFilter =
    query.assignee === "none" ? isNull(conversation.assigneeId) : query.assignee === "me" ? (me ? eq(conversation.assigneeId, me) : sql`false`) : query.assignee ? eq(conversation.assigneeId, query.assignee) : undefined;
  // Newest activity first; the cursor is the last row's (lastMessageAt, id).
  const cursor = query.cursor ? beforeCursor(query.cursor) : undefined;
  const rows = await db
    .select(viewColumns())
    .from(conversation)
    .innerJoin(contact, eq(contact.id, conversation.contactId))
    .leftJoin(stage, eq(stage.id, conversation.stageId))
    .where(
      inBusiness(
        conversation.businessId,
        access,
        // A widget chat is listed once the visitor has written in it.
        or(ne(conversation.channel, "widget"), contactWrote),
        query.status ? eq(conversation.status, query.status) : undefined,
        query.stageId ? eq(conversation.stageId, query.stageId) : undefined,
        query.agentId ? eq(conversation.agentId, query.agentId) : undefined,
        assigneeFilter,
        query.since ? gte(conversation.lastMessageAt, new Date(query.since)) : undefined,
        query.q ? contactMatches(query.q) : undefined,
        cursor,
      ),
    )
    .orderBy(desc(conversation.lastMessageAt), desc(conversation.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => ({ at: r.conversation.lastMessageAt, id: r.conversation.id }));
  return { ...page, data: page.data.map(toView) };
}

/** Part of the contact's name or email, case-insensitive; the search text is taken literally. */
function contactMatches(text: string): SQL | undefined {
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(ilike(contact.name, pattern), ilike(contact.email, pattern));
}

/** The keyset condition for a newest-first list: rows strictly before the cursor's position. */
function beforeCursor(cursor: string): SQL | undefined {
  const { at, id } = decodeCursor(cursor);
  return or(lt(conversation.lastMessageAt, at), and(eq(conversation.lastMessageAt, at), lt(conversation.id, id)));
}

/** Finds the contact an API caller names by its id, or makes one. */
async function contactFor(access: BusinessAccess, input: StartConversationInput["contact"]): Promise<Contact> {
  const db = await getDb();
  const visitorId = input?.id ?? `api-${crypto.randomUUID()}`;
  const details = { name: input?.name ?? null, email: input?.email ?? null, phone: input?.phone ?? null };
  const [row] = await db
    .insert(contact)
    .values({ businessId: access.business.id, visitorId, ...details })
    .onConflictDoUpdate({
      target: [contact.businessId, contact.visitorId],
      set: {
        name: sql`coalesce(excluded.name, ${contact.name})`,
        email: sql`coalesce(excluded.email, ${contact.email})`,
        phone: sql`coalesce(excluded.phone, ${contact.phone})`,
        lastSeenAt: new Date(),
        updatedAt: new Date(),
      },
    })
    .returning();
  return row!;
}

/**
 * Starts a conversation with an agent (by default the first active one) in its entry stage, and
 * sends the agent's greeting when it has one.
 */
export async function startConversation(actor: Actor, businessId: string, input: StartConversationInput, channel: Conversation["channel"] = "api"): Promise<ConversationView> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.write");
  const db = await getDb();
  const [chosen] = await db
    .select()
    .from(agent)
    .where(inBusiness(agent.businessId, access, input.agentId ? eq(agent.id, input.agentId) : eq(agent.status, "active")))
    .orderBy(asc(agent.createdAt))
    .limit(1);
  if (!chosen) throw input.agentId ? ValidationError.field("agentId", "There is no such agent.") : new ConflictError("The business has no active agent to answer.");
  const [entry] = await db
    .select()
    .from(stage)
    .where(inBusiness(stage.businessId, access, isNull(stage.archivedAt), chosen.entryStageId ? eq(stage.id, chosen.entryStageId) : eq(stage.isEntry, true)))
    .orderBy(asc(stage.position))
    .limit(1);
  const person = await contactFor(access, input.contact);
  const greetingTemplate = chosen.greetingTemplateId
    ? (await db.select().from(template).where(inBusiness(template.businessId, access, eq(template.id, chosen.greetingTemplateId))))[0]
    : undefined;

  const { created, greeting } = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(conversation)
      .values({ businessId: access.business.id, agentId: chosen.id, contactId: person.id, channel, stageId: entry?.id ?? null })
      .returning();
    const created = row!;
    if (entry) await tx.insert(stageEvent).values({ businessId: access.business.id, conversationId: created.id, toStageId: entry.id, actor: "rule", reason: "Entry stage." });
    const text = await renderFor(greetingTemplate, templateContext({ business: access.business, agent: chosen, contact: person, conversation: created, stage: entry, captured: {} }));
    const greeting = text
      ? (await tx.insert(message).values({ businessId: access.business.id, conversationId: created.id, seq: await nextSeq(tx, created.id), role: "assistant", content: text, status: "complete" }).returning())[0]
      : undefined;
    return { created, greeting };
  });
  // The console lists it at once, greeting or not.
  emitEngineEvent({ type: "conversation", businessId: access.business.id, conversationId: created.id, conversation: created });
  if (greeting) emitEngineEvent({ type: "message", businessId: access.business.id, conversationId: created.id, message: greeting });
  return getConversation(actor, businessId, created.id);
}

const encodeSeq = (seq: number) => Buffer.from(`seq:${seq}`).toString("base64url");
function decodeSeq(cursor: string): number {
  const match = /^seq:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw ValidationError.field("cursor", "The cursor is not valid.");
  return Number(match[1]);
}

/** Messages oldest first, in the order they were stored. */
export async function listMessages(actor: Actor, businessId: string, conversationId: string, query: ListMessagesQuery): Promise<Page<MessageView>> {
  const { data, more } = await messagesAfter(actor, businessId, conversationId, query.cursor ? decodeSeq(query.cursor) : 0, query.limit);
  return { data, nextCursor: more ? encodeSeq(data.at(-1)!.seq) : null };
}

/** Up to `limit` messages stored after seq `after`, oldest first; `more` when others follow. */
export async function messagesAfter(actor: Actor, businessId: string, conversationId: string, after: number, limit: number): Promise<{ data: MessageView[]; more: boolean }> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  await conversationRow(access, conversationId);
  const db = await getDb();
  const rows = await db
    .select()
    .from(message)
    .where(inBusiness(message.businessId, access, eq(message.conversationId, conversationId), gt(message.seq, after)))
    .orderBy(asc(message.seq))
    .limit(limit + 1);
  return { data: rows.slice(0, limit).map(toMessageView), more: rows.length > limit };
}

/** The replies stored after a contact message: the assistant's, a staff member's, a handoff notice. */
export async function repliesAfter(conversationId: string, seq: number): Promise<MessageView[]> {
  const db = await getDb();
  const rows = await db
    .select()
    .from(message)
    .where(and(eq(message.conversationId, conversationId), gt(message.seq, seq), inArray(message.role, ["assistant", "staff"])))
    .orderBy(asc(message.seq));
  return rows.map(toMessageView);
}

export const replyAfter = async (conversationId: string, seq: number) => (await repliesAfter(conversationId, seq))[0] ?? null;

/**
 * Stores a contact's message — first, and once: a retry with the same `clientMessageId` returns
 * the stored message and never causes a second reply. The caller then runs `scheduleTurn`.
 */
export async function acceptContactMessage(actor: Actor, businessId: string, conversationId: string, input: PostMessageInput): Promise<{ stored: MessageView; duplicate: boolean }> {
  const writer = statementAccess(actor, businessId, "conversations.write");
  const stored = writer && (await storeContactMessage(writer, conversationId, input));
  if (stored) return { stored: toMessageView(stored), duplicate: false };
  // Nothing was written: the caller may not write here (this says why), or it is a retry, or there
  // is no such conversation in the business.
  const access = await businessAccess(actor, { id: businessId }, "conversations.write");
  const [existing] = await (await getDb())
    .select()
    .from(message)
    .where(inBusiness(message.businessId, access, eq(message.conversationId, conversationId), eq(message.clientMessageId, input.clientMessageId)));
  if (!existing) throw new NotFoundError("conversation");
  return { stored: toMessageView(existing), duplicate: true };
}

/** Stores a contact's message, runs the turn that answers it, and returns both. */
export async function postContactMessage(
  actor: Actor,
  businessId: string,
  conversationId: string,
  input: PostMessageInput,
): Promise<{ message: MessageView; reply: MessageView | null; duplicate: boolean }> {
  const { stored, duplicate } = await acceptContactMessage(actor, businessId, conversationId, input);
  // A duplicate's turn may still be under way: this waits for it rather than starting another.
  await scheduleTurn(conversationId);
  return { message: stored, reply: await replyAfter(conversationId, stored.seq), duplicate };
}

/**
 * Stores a contact's message in one statement (it is on the path of every reply): a CTE checks the
 * caller's right and the tenant, skips a known client message id, takes the next position, reopens
 * a resolved conversation and takes the turn lease if it is free (see lease.ts); the insert takes
 * that position. When the CTE updates nothing the position is null and the insert fails whole,
 * writing nothing; so do two racing copies of one message, on the unique index. Null then.
 */
async function storeContactMessage(writer: StatementAccess, conversationId: string, input: PostMessageInput): Promise<Message | null> {
  const { businessId, userId } = writer;
  try {
    const [row] = await (await insertContactMessage()).execute({ businessId, userId, conversationId, content: input.content, clientMessageId: input.clientMessageId });
    // One row, or the statement failed.
    const { leaseTaken, reopened, ...stored } = row!;
    if (leaseTaken) keepStoreLease(conversationId, stored.seq);
    emitEngineEvent({ type: "message", businessId, conversationId, message: stored });
    // The console shows it open again at once, whoever answers (staff holding it: no turn will say so).
    if (reopened) {
      const [now] = await (await getDb()).select().from(conversation).where(eq(conversation.id, conversationId));
      if (now) emitEngineEvent({ type: "conversation", businessId, conversationId, conversation: now });
    }
    return stored;
  } catch (error) {
    const code = pgErrorCode(error);
    if (code !== PG_NOT_NULL_VIOLATION && code !== PG_UNIQUE_VIOLATION) throw error;
    return null;
  }
}

// Built once: it is on the path of every reply.
const insertContactMessage = prepared((db) => {
  const conversationId = sql.placeholder("conversationId");
  const clientMessageId = sql.placeholder("clientMessageId");
  const sameClientId = and(eq(message.conversationId, conversationId), eq(message.clientMessageId, clientMessageId));
  const where = and(
    eq(conversation.businessId, sql.placeholder("businessId")),
    eq(conversation.id, conversationId),
    memberMay(conversation.businessId, sql.placeholder("userId"), "conversations.write"),
    notExists(db.select({ id: message.id }).from(message).where(sameClientId)),
  )!;
  const { locked, row, lease, taken, wasResolved } = leaseWithMessage(db, where);
  const { position, seq } = nextPosition(db, row, {
    status: sql`case when ${conversation.status} = 'resolved' then 'open'::conversation_status else ${conversation.status} end`,
    resolvedAt: null,
    ...lease,
  });
  return (
    db
      .with(locked, position)
      .insert(message)
      .values({ businessId: sql.placeholder("businessId"), conversationId, seq, role: "contact", content: sql.placeholder("content"), status: "pending", clientMessageId })
      .returning({ ...getTableColumns(message), leaseTaken: taken, reopened: wasResolved })
      .prepare("store_contact_message")
  );
});

/** Staff actions on a conversation: resolve or reopen, move stage, assign, take over or hand back. */
export async function updateConversation(actor: Actor, businessId: string, conversationId: string, input: UpdateConversationInput): Promise<ConversationView> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.write");
  const { conversation: current } = await conversationRow(access, conversationId);
  const db = await getDb();
  if (input.stageId) {
    const [target] = await db.select({ id: stage.id }).from(stage).where(inBusiness(stage.businessId, access, eq(stage.id, input.stageId), isNull(stage.archivedAt)));
    if (!target) throw ValidationError.field("stageId", "There is no such stage.");
  }
  if (input.assigneeId) {
    const [member] = await db.select({ role: membership.role }).from(membership).where(and(eq(membership.businessId, access.business.id), eq(membership.userId, input.assigneeId)));
    if (!member || member.role === "viewer") throw ValidationError.field("assigneeId", "Assign the conversation to a member who can reply.");
  }
  const handBack = input.holder === "ai" && current.holder === "human";
  await db.transaction(async (tx) => {
    if (input.stageId && input.stageId !== current.stageId) {
      await tx.insert(stageEvent).values({ businessId: access.business.id, conversationId, fromStageId: current.stageId, toStageId: input.stageId, actor: "staff", actorUserId: actorUserId(actor), reason: "Changed by hand." });
    }
    await tx
      .update(conversation)
      .set({
        ...(input.stageId ? { stageId: input.stageId } : {}),
        ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
        // Whoever takes an unassigned conversation over is handling it (as a staff reply does).
        ...(input.holder === "human" && input.assigneeId === undefined && !current.assigneeId ? { assigneeId: actorUserId(actor) } : {}),
        ...(input.holder ? { holder: input.holder } : {}),
        // Taking over answers the "waiting for a human"; handing back reopens for the AI.
        ...(input.holder === "human" && current.status === "waiting" ? { status: "open" as const } : {}),
        ...(handBack ? { status: "open" as const, aiTurns: 0 } : {}),
        ...(input.status ? { status: input.status, resolvedAt: input.status === "resolved" ? new Date() : null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(conversation.id, conversationId));
  });
  const view = await getConversation(actor, businessId, conversationId);
  const [row] = await db.select().from(conversation).where(eq(conversation.id, conversationId));
  emitEngineEvent({ type: "conversation", businessId: access.business.id, conversationId, conversation: row! });
  // Handed back with messages the AI has not answered yet: it continues from the current stage.
  if (handBack) void scheduleTurn(conversationId);
  return view;
}

/**
 * A conversation's template variables and its stage, for rendering templates with real data
 * (the template preview, the console's canned responses). Null when it is not in the business.
 */
export async function conversationContext(access: BusinessAccess, conversationId: string): Promise<{ stageId: string | null; context: TemplateContext } | null> {
  const db = await getDb();
  const [row] = await db
    .select({ conversation, contact, agent, stage })
    .from(conversation)
    .innerJoin(contact, eq(contact.id, conversation.contactId))
    .leftJoin(agent, eq(agent.id, conversation.agentId))
    .leftJoin(stage, eq(stage.id, conversation.stageId))
    .where(inBusiness(conversation.businessId, access, eq(conversation.id, conversationId)));
  if (!row) return null;
  const context = templateContext({
    business: access.business,
    agent: row.agent ?? { name: access.business.name, description: "" },
    contact: row.contact,
    conversation: row.conversation,
    stage: row.stage ?? undefined,
    captured: row.conversation.captured,
  });
  return { stageId: row.conversation.stageId, context };
}

/** A conversation's template variables, for previewing a template with real data. */
export async function conversationTemplateContext(actor: Actor, businessId: string, conversationId: string): Promise<TemplateContext> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  const found = await conversationContext(access, conversationId);
  if (!found) throw ValidationError.field("conversationId", "There is no such conversation.");
  return found.context;
}

/** The most recent conversations, labelled for a picker (template preview). */
export async function recentConversationChoices(actor: Actor, businessId: string): Promise<{ id: string; label: string }[]> {
  const page = await listConversations(actor, businessId, { limit: 20 });
  return page.data.map((c) => ({
    id: c.id,
    label: `${c.contact.name ?? c.contact.email ?? "Anonymous visitor"} · ${c.stage?.name ?? "no stage"} · ${c.lastMessageAt.toISOString().slice(0, 16).replace("T", " ")}`,
  }));
}
