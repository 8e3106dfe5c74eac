import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, message } from "@/db/schema";
import { env } from "@/lib/env";
import { scheduleTurn } from "./turn";

/**
 * After a restart nobody may be left waiting: replies cut off by the stop keep their text and are
 * marked incomplete (empty ones are removed), and every conversation the AI holds whose contact
 * messages are unanswered gets its turn — which answers them or hands them off by the agent's rules.
 * Returns how many conversations were picked up.
 */
export async function recoverUnanswered(): Promise<number> {
  const db = await getDb();
  // The embedded database has one process: any turn lease is a leftover of the stop. On
  // PostgreSQL another instance may hold one legitimately, so those are waited out below.
  if (!env().DATABASE_URL?.startsWith("postgres")) {
    await db.update(conversation).set({ turnLeaseUntil: null }).where(isNotNull(conversation.turnLeaseUntil));
  }
  await db.delete(message).where(and(eq(message.status, "streaming"), eq(message.content, "")));
  await db.update(message).set({ status: "incomplete" }).where(eq(message.status, "streaming"));
  const rows = await db
    .selectDistinct({ id: message.conversationId, leaseUntil: conversation.turnLeaseUntil })
    .from(message)
    .innerJoin(conversation, eq(conversation.id, message.conversationId))
    .where(and(eq(message.status, "pending"), eq(conversation.holder, "ai"), inArray(conversation.status, ["open", "waiting"])));
  for (const row of rows) {
    const wait = row.leaseUntil ? row.leaseUntil.getTime() - Date.now() : 0;
    if (wait <= 0) void scheduleTurn(row.id);
    else setTimeout(() => void scheduleTurn(row.id), wait + 1_000).unref();
  }
  return rows.length;
}
