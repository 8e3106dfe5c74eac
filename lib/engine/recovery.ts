import { and, eq, inArray, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { getDb } from "@/db";
import { conversation, message } from "@/db/schema";
import { env } from "@/lib/env";
import { recordError } from "@/lib/observability/error-log";
import { scheduleTurn } from "./turn";

/**
 * Replies a stopped turn left streaming keep their text and are marked incomplete; empty ones are
 * removed. Only in conversations no live turn holds: on PostgreSQL another instance may be
 * streaming one right now.
 */
async function settleCutReplies(conversationId?: string) {
  const db = await getDb();
  const unheld = inArray(
    message.conversationId,
    db
      .select({ id: conversation.id })
      .from(conversation)
      .where(and(or(isNull(conversation.turnLeaseUntil), lte(conversation.turnLeaseUntil, sql`now()`)), conversationId ? eq(conversation.id, conversationId) : undefined)),
  );
  await db.delete(message).where(and(eq(message.status, "streaming"), eq(message.content, ""), unheld));
  await db.update(message).set({ status: "incomplete" }).where(and(eq(message.status, "streaming"), unheld));
}

/**
 * After a restart nobody may be left waiting: replies cut off by the stop are settled, and every
 * conversation the AI holds whose contact messages are unanswered gets its turn — which answers
 * them or hands them off by the agent's rules. Returns how many conversations were picked up.
 */
export async function recoverUnanswered(): Promise<number> {
  const db = await getDb();
  // The embedded database has one process: any turn lease is a leftover of the stop. On
  // PostgreSQL another instance may hold one legitimately, so those are waited out below.
  if (!env().DATABASE_URL?.startsWith("postgres")) {
    await db.update(conversation).set({ turnLeaseUntil: null }).where(isNotNull(conversation.turnLeaseUntil));
  }
  await settleCutReplies();
  const rows = await db
    .selectDistinct({ id: message.conversationId, leaseUntil: conversation.turnLeaseUntil })
    .from(message)
    .innerJoin(conversation, eq(conversation.id, message.conversationId))
    .where(and(eq(message.status, "pending"), eq(conversation.holder, "ai"), inArray(conversation.status, ["open", "waiting"])));
  for (const row of rows) {
    const wait = row.leaseUntil ? row.leaseUntil.getTime() - Date.now() : 0;
    if (wait <= 0) void scheduleTurn(row.id);
    else {
      // The other instance's turn: if its lease runs out unfinished, that instance stopped too.
      const resume = () => settleCutReplies(row.id).then(() => scheduleTurn(row.id), (error: unknown) => recordError(error, { source: "engine.recovery" }));
      setTimeout(() => void resume(), wait + 1_000).unref();
    }
  }
  return rows.length;
}
