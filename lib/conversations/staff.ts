import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, message, template } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { emitEngineEvent } from "@/lib/engine/events";
import { renderFor } from "@/lib/engine/prompt";
import { NotFoundError } from "@/lib/errors";
import { businessAccess, inBusiness, requirePermission } from "@/lib/tenancy/access";
import type { PostMessageInput } from "./schemas";
import { conversationContext, toMessageView, type MessageView } from "./service";

export type StaffPost = { message: MessageView; duplicate: boolean };

/** Raised inside the transaction so a duplicate leaves no trace (sequence number, takeover). */
class DuplicateMessage extends Error {}

/**
 * Stores a staff member's reply or internal note once: a retry with the same `clientMessageId`
 * returns the stored message. A reply takes the conversation over (the AI stays silent while a
 * human holds it), assigns it to the replier when nobody has it, and answers what the contact
 * had pending. A note changes nothing but the log; it is never shown to the contact.
 */
async function postAsStaff(actor: Actor, businessId: string, conversationId: string, input: PostMessageInput, role: "staff" | "note"): Promise<StaffPost> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.write");
  const authorId = actorUserId(actor);
  const reply = role === "staff";
  const db = await getDb();
  try {
    const { stored, updated } = await db.transaction(async (tx) => {
      // One statement checks the tenant, takes the next position and, for a reply, takes over.
      const [updated] = await tx
        .update(conversation)
        .set({
          lastSeq: sql`${conversation.lastSeq} + 1`,
          updatedAt: new Date(),
          ...(reply
            ? {
                lastMessageAt: new Date(),
                holder: "human" as const,
                // A human answering is what "waiting for a human" waited for.
                status: sql`case when ${conversation.status} = 'waiting' then 'open'::conversation_status else ${conversation.status} end`,
                assigneeId: sql`coalesce(${conversation.assigneeId}, ${authorId}::uuid)`,
              }
            : {}),
        })
        .where(inBusiness(conversation.businessId, access, eq(conversation.id, conversationId)))
        .returning();
      if (!updated) throw new NotFoundError("conversation");
      const [row] = await tx
        .insert(message)
        .values({ businessId: access.business.id, conversationId, seq: updated.lastSeq, role, content: input.content, status: "complete", clientMessageId: input.clientMessageId, authorId })
        .onConflictDoNothing({ target: [message.conversationId, message.clientMessageId], where: sql`${message.clientMessageId} is not null` })
        .returning();
      if (!row) throw new DuplicateMessage();
      if (reply) {
        await tx
          .update(message)
          .set({ status: "answered" })
          .where(and(eq(message.conversationId, conversationId), eq(message.role, "contact"), eq(message.status, "pending")));
      }
      return { stored: row, updated };
    });
    emitEngineEvent({ type: "message", businessId: access.business.id, conversationId, message: stored });
    if (reply) emitEngineEvent({ type: "conversation", businessId: access.business.id, conversationId, conversation: updated });
    return { message: toMessageView(stored), duplicate: false };
  } catch (error) {
    if (!(error instanceof DuplicateMessage)) throw error;
    const [existing] = await db.select().from(message).where(and(eq(message.conversationId, conversationId), eq(message.clientMessageId, input.clientMessageId)));
    return { message: toMessageView(existing!), duplicate: true };
  }
}

/** A staff member's reply to the contact; it takes the conversation over from the AI. */
export const postStaffMessage = (actor: Actor, businessId: string, conversationId: string, input: PostMessageInput) => postAsStaff(actor, businessId, conversationId, input, "staff");

/** An internal note for the team, never sent to the contact. */
export const postNote = (actor: Actor, businessId: string, conversationId: string, input: PostMessageInput) => postAsStaff(actor, businessId, conversationId, input, "note");

export type CannedResponse = { id: string; name: string; text: string };

/**
 * The business's reply templates rendered for one conversation (its contact, stage and captured
 * fields), for staff to send as they are or edit first. Those of the current stage come first;
 * one that does not render (a variable with no value yet) is left out.
 */
export async function cannedResponses(actor: Actor, businessId: string, conversationId: string): Promise<CannedResponse[]> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  requirePermission(access, "templates.use");
  const found = await conversationContext(access, conversationId);
  if (!found) throw new NotFoundError("conversation");
  const db = await getDb();
  const templates = await db
    .select()
    .from(template)
    .where(inBusiness(template.businessId, access, eq(template.kind, "reply"), or(isNull(template.stageId), eq(template.stageId, found.stageId ?? sql`null`))))
    .orderBy(sql`${template.stageId} is null`, asc(template.name));
  const context = found.context;
  const rendered = await Promise.all(templates.map(async (t) => ({ id: t.id, name: t.name, text: await renderFor(t, context) })));
  return rendered.flatMap((r) => (r.text ? [{ ...r, text: r.text }] : []));
}
