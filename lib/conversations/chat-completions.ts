import { createHash } from "node:crypto";
import { desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db";
import { agent, contact, conversation } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { NotFoundError, ValidationError } from "@/lib/errors";
import { businessAccess, inBusiness } from "@/lib/tenancy/access";
import { messageContent } from "./schemas";
import { startConversation } from "./service";

const textPart = z.object({ type: z.literal("text"), text: z.string() });

/**
 * The OpenAI chat-completions request, as OpenAI client libraries send it. Sampling settings are
 * the agent's own, so those parameters are accepted and ignored; anything unknown is refused.
 */
export const chatCompletionInput = z.strictObject({
  model: z.string().max(200).optional().describe("Ignored: the agent's own model answers."),
  messages: z
    .array(
      z.object({
        role: z.enum(["system", "developer", "user", "assistant", "tool"]),
        content: z.union([z.string(), z.array(textPart), z.null()]).optional(),
        name: z.string().optional(),
      }),
    )
    .min(1, "Send at least one message."),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).optional(),
  user: z.string().min(1).max(200).optional().describe("Your id for the end user: their conversation with this agent continues across requests."),
  n: z.literal(1).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_tokens: z.number().int().optional(),
  max_completion_tokens: z.number().int().optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
  stop: z.union([z.string(), z.array(z.string())]).optional(),
  seed: z.number().int().optional(),
  metadata: z.record(z.string(), z.string()).optional(),
});
export type ChatCompletionInput = z.infer<typeof chatCompletionInput>;

/** The newest user message: what the contact says now. Earlier ones are already in Parley's history. */
export function latestUserText(input: ChatCompletionInput): string {
  const last = [...input.messages].reverse().find((m) => m.role === "user");
  const text = typeof last?.content === "string" ? last.content : (last?.content ?? []).map((p) => p.text).join("\n");
  const parsed = messageContent.safeParse(text);
  if (!parsed.success) throw ValidationError.field("messages", parsed.error.issues[0]?.message ?? "Send a user message.");
  return parsed.data;
}

/**
 * A client retrying the very same request (OpenAI libraries retry timeouts and 5xx) must not get
 * a second reply. The client's Idempotency-Key header names the request when it sends one;
 * otherwise the request's messages do — which a client sending its whole history makes unique
 * per turn, but a client sending only the newest message does not (the same words twice would
 * be one message), so such a client sends the header.
 */
export function clientMessageIdFor(input: ChatCompletionInput, idempotencyKey: string | null): string {
  const source = idempotencyKey === null ? JSON.stringify(input.messages) : `key:${idempotencyKey}`;
  return `oai-${createHash("sha256").update(source).digest("base64url").slice(0, 32)}`;
}

/** The Idempotency-Key header, when sent: 1–200 visible characters. */
export function idempotencyKeyOf(header: string | null): string | null {
  if (header === null) return null;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) throw ValidationError.field("Idempotency-Key", "Send 1–200 visible ASCII characters, such as a UUID.");
  return header;
}

/**
 * Which conversation a request continues: the one named by the X-Parley-Conversation header, else
 * the open one of the `user` with this agent, else a new one.
 */
export async function conversationFor(actor: Actor, businessId: string, agentId: string, input: ChatCompletionInput, named: string | null): Promise<string> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.write");
  const db = await getDb();
  const [found] = await db.select({ id: agent.id }).from(agent).where(inBusiness(agent.businessId, access, eq(agent.id, agentId)));
  if (!found) throw new NotFoundError("agent");
  if (named) {
    if (!z.uuid().safeParse(named).success) throw new NotFoundError("conversation");
    const [row] = await db.select({ id: conversation.id }).from(conversation).where(inBusiness(conversation.businessId, access, eq(conversation.id, named), eq(conversation.agentId, agentId)));
    if (!row) throw new NotFoundError("conversation");
    return row.id;
  }
  const visitorId = input.user ? `openai:${input.user}` : undefined;
  if (visitorId) {
    const [row] = await db
      .select({ id: conversation.id })
      .from(conversation)
      .innerJoin(contact, eq(contact.id, conversation.contactId))
      .where(inBusiness(conversation.businessId, access, eq(contact.visitorId, visitorId), eq(conversation.agentId, agentId), inArray(conversation.status, ["open", "waiting"])))
      .orderBy(desc(conversation.lastMessageAt))
      .limit(1);
    if (row) return row.id;
  }
  return (await startConversation(actor, businessId, { agentId, ...(visitorId ? { contact: { id: visitorId } } : {}) }, "openai")).id;
}
