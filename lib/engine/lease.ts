import { and, eq, or, isNull, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { Db } from "@/db";
import { prepared } from "@/db/prepared";
import { conversation, message } from "@/db/schema";
import { processWide } from "@/lib/process-wide";

/*
 * A conversation's turn lease: one generation per conversation at a time across every instance.
 * Its times are the database's, so every instance reads them on one clock.
 */

/** How long a turn holds its conversation; a dead instance's lease lapses after it. */
export const TURN_LEASE_MS = 3 * 60_000;

const leaseIsFree = () => or(isNull(conversation.turnLeaseUntil), lt(conversation.turnLeaseUntil, sql`now()`))!;
const leaseEnds = () => sql`now() + ${sql.raw(`interval '${TURN_LEASE_MS} milliseconds'`)}`;

/**
 * The parts of a statement that stores a contact message and, when the lease is free, takes it in
 * the same statement: the turn that answers the message then starts without another round trip.
 * `locked` finds the conversation by `where` and reads its lease under the row's lock (the latest
 * version, once a concurrent writer commits); `row` matches that row for the update, whose
 * assignment is `lease`; `taken` tells whether the lease was free.
 */
export function leaseWithMessage(db: Db, where: SQL) {
  const locked = db.$with("locked").as(
    db
      .select({ id: conversation.id, status: conversation.status, free: sql<boolean>`${leaseIsFree()}`.as("free") })
      .from(conversation)
      .where(where)
      .for("update"),
  );
  const taken = sql<boolean>`coalesce((select ${locked.free} from ${locked}), false)`;
  return {
    locked,
    row: sql`${conversation.id} = (select ${locked.id} from ${locked})`,
    lease: { turnLeaseUntil: sql`case when ${taken} then ${leaseEnds()} else ${conversation.turnLeaseUntil} end` },
    taken,
    /** Whether the conversation was resolved before this statement (a message then reopens it). */
    wasResolved: sql<boolean>`coalesce((select ${locked.status} from ${locked}) = 'resolved', false)`,
  };
}

const storeLeases = processWide("engine.storeLeases", () => new Map<string, number>());

/**
 * Records a lease this instance's message store took, with the stored message's position: the
 * next turn of the conversation here runs under it. Every message is followed by a turn, so the
 * record is consumed; were it not, the lease would lapse like a dead instance's.
 */
export function keepStoreLease(conversationId: string, seq: number): void {
  storeLeases.set(conversationId, seq);
}

/**
 * Takes the lease for a turn: the one the message store took here, else a free one. Null when
 * another instance holds it; that instance looks for new messages when its turn ends.
 * `lastSeq` is the conversation's position when the lease was taken.
 */
export async function takeTurnLease(conversationId: string): Promise<{ lastSeq: number } | null> {
  const stored = storeLeases.get(conversationId);
  if (stored !== undefined) {
    storeLeases.delete(conversationId);
    return { lastSeq: stored };
  }
  const [row] = await (await takeLease()).execute({ conversationId });
  return row ?? null;
}

const takeLease = prepared((db) =>
  db
    .update(conversation)
    .set({ turnLeaseUntil: leaseEnds() })
    .where(and(eq(conversation.id, sql.placeholder("conversationId")), leaseIsFree()))
    .returning({ lastSeq: conversation.lastSeq })
    .prepare("turn_take_lease"),
);

/**
 * Releases the lease and tells whether a contact message arrived after `lastSeq`, in one statement:
 * a message whose own turn found the lease taken committed before this statement began (that turn
 * tried after its commit), so it is seen here; one committed later finds the lease free, since its
 * store or turn waits on this row's lock.
 */
export async function releaseTurnLease(conversationId: string, lastSeq: number): Promise<boolean> {
  const [released] = await (await releaseLease()).execute({ conversationId, lastSeq });
  return released?.arrived ?? false;
}

const releaseLease = prepared((db) =>
  db
    .update(conversation)
    .set({ turnLeaseUntil: null })
    .where(eq(conversation.id, sql.placeholder("conversationId")))
    .returning({ arrived: pendingAfter(sql.placeholder("conversationId"), sql.placeholder("lastSeq")) })
    .prepare("turn_release_lease"),
);

/**
 * Whether a contact message after position `seq` waits for an answer: asked in the statement that
 * releases the lease (see `releaseTurnLease`), so the next turn is not missed.
 */
export const pendingAfter = (conversationId: Placeholder, seq: Placeholder) =>
  sql<boolean>`exists (select 1 from ${message} where ${message.conversationId} = ${conversationId} and ${message.role} = 'contact' and ${message.status} = 'pending' and ${message.seq} > ${seq})`;
