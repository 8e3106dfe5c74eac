import { and, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, message } from "@/db/schema";
import { scheduleTurn } from "./turn";

/**
 * After a restart nobody may be left waiting: replies cut off by the stop keep their text and are
 * marked incomplete (empty ones are removed), and every conversation the AI holds whose contact
 * messages are unanswered gets its turn — which answers them or hands them off by the agent's rules.
 * Returns how many conversations were picked up.
 */
export async function recoverUnanswered(): Promise<number> {
  const db = await getDb();
  await db.delete(message).where(and(eq(message.status, "streaming"), eq(message.content, "")));
  await db.update(message).set({ status: "incomplete" }).where(eq(message.status, "streaming"));
  const rows = await db
    .selectDistinct({ id: message.conversationId })
    .from(message)
    .innerJoin(conversation, eq(conversation.id, message.conversationId))
    .where(and(eq(message.status, "pending"), eq(conversation.holder, "ai"), inArray(conversation.status, ["open", "waiting"])));
  for (const row of rows) void scheduleTurn(row.id);
  return rows.length;
}
