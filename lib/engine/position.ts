import { eq, sql, type SQL } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { Db, Tx } from "@/db";
import { conversation } from "@/db/schema";

/**
 * Takes a conversation's next position for a message inserted by the same statement: a CTE that
 * bumps `last_seq` under the row's lock (so messages stay in order), and the SQL that reads the
 * position back as the insert's `seq`. When the CTE matches no conversation the seq is null, and
 * the insert fails whole on the column's not-null rule: nothing is written.
 */
export function nextPosition(db: Db, where: SQL, extra: PgUpdateSetSource<typeof conversation> = {}) {
  const position = db.$with("position").as(
    db
      .update(conversation)
      .set({ lastSeq: sql`${conversation.lastSeq} + 1`, lastMessageAt: sql`now()`, updatedAt: sql`now()`, ...extra })
      .where(where)
      .returning({ seq: conversation.lastSeq }),
  );
  return { position, seq: sql<number>`(select ${position.seq} from ${position})` };
}

/** Reserves the next sequence number under the conversation's row lock, so messages stay ordered. */
export async function nextSeq(tx: Tx, conversationId: string): Promise<number> {
  const [row] = await tx
    .update(conversation)
    .set({ lastSeq: sql`${conversation.lastSeq} + 1`, lastMessageAt: new Date(), updatedAt: new Date() })
    .where(eq(conversation.id, conversationId))
    .returning({ seq: conversation.lastSeq });
  if (!row) throw new Error(`conversation ${conversationId} vanished`);
  return row.seq;
}
