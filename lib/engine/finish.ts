import { and, eq, getTableColumns, inArray, sql, type SQL } from "drizzle-orm";
import { getDb } from "@/db";
import { prepared } from "@/db/prepared";
import { conversation as conversationTable, message, stageEvent, type Conversation, type Message } from "@/db/schema";
import type { TurnState } from "./decisions";
import { emitEngineEvent } from "./events";
import { pendingAfter } from "./lease";
import { nextSeq } from "./position";
import { renderFor, templateContext, templateOf } from "./prompt";
import type { Loaded } from "./turn";

const DEFAULT_HANDOFF = "I'm passing you to a member of our team. They'll reply here shortly.";

/** What a turn decided: a human to take over (and why), and the reply's final row, if any. */
export type Outcome = { handoff: string | null; reply: Message | null };

/** The turn's lease, released with its outcome; `arrived`: a contact message came meanwhile. */
export type Released = { arrived: boolean };

type Finished = { conversation: Conversation; written: Message[]; released: Released | null };

/**
 * Writes the turn's outcome atomically, then announces it. The usual turn — a reply, no handoff,
 * the AI still holding the conversation — is one prepared statement, which also releases the
 * turn's lease (taken at position `lastSeq`); a handoff, or a human who took over meanwhile, goes
 * through a transaction and leaves the release to the caller (null).
 */
export async function finishTurn(loaded: Loaded, state: TurnState, outcome: Outcome, lastSeq: number): Promise<Released | null> {
  const { businessId, id: conversationId } = loaded.conversation;
  const finished = (outcome.reply && !outcome.handoff && (await finishReply(loaded, state, outcome.reply, lastSeq))) || (await finishInTransaction(loaded, state, outcome));
  for (const m of finished.written) emitEngineEvent({ type: "message", businessId, conversationId, message: m });
  emitEngineEvent({ type: "conversation", businessId, conversationId, conversation: finished.conversation });
  return finished.released;
}

/** The columns a turn writes on its reply's row (created empty, `streaming`, when the turn began). */
const REPLY_COLUMNS = ["content", "status", "provider", "model", "inputTokens", "outputTokens", "firstTokenMs", "latencyMs", "costUsd", "meta"] as const;

const replyColumns = (m: Message) => Object.fromEntries(REPLY_COLUMNS.map((column) => [column, m[column]])) as Pick<Message, (typeof REPLY_COLUMNS)[number]>;

/** Who moved the conversation: the entry stage is the engine's rule, every later move the AI's. */
const eventActor = (t: TurnState["transitions"][number]) => (t.fromStageId === null ? "rule" : "ai");

/** The reply, the pending messages answered, the stage events and the conversation, in one statement; null if a human holds it now. */
async function finishReply(loaded: Loaded, state: TurnState, reply: Message, lastSeq: number): Promise<Finished | null> {
  const [row] = await (await replyStatement()).execute({
    ...replyColumns(reply),
    meta: JSON.stringify(reply.meta),
    replyId: reply.id,
    conversationId: loaded.conversation.id,
    businessId: loaded.conversation.businessId,
    stageId: state.stageId,
    loadedStageId: loaded.conversation.stageId,
    captured: JSON.stringify(state.captured),
    ended: state.ended !== null,
    pendingIds: JSON.stringify(loaded.pending.map((m) => m.id)),
    transitions: JSON.stringify(state.transitions.map((t, n) => ({ ...t, actor: eventActor(t), n }))),
    // Positions are taken in commit order, so every message up to the last one this turn answers
    // was stored before it loaded them: only a later one is new.
    seenSeq: Math.max(lastSeq, loaded.pending.at(-1)!.seq),
  });
  if (!row) return null;
  const { arrived, ...conversation } = row;
  return { conversation, written: [reply], released: { arrived } };
}

/**
 * When a turn's n-th stage transition happened. `now()` is one instant for a whole transaction, and
 * the timeline is ordered by time: a turn that moves through several stages keeps their order
 * only if each is a millisecond (the column's precision) after the one before.
 */
const nthOfTurn = (n: SQL) => sql`now() + ${n} * interval '1 millisecond'`;

// Raw placeholders: the database takes each one's type from the column it is assigned to, and
// JSON goes as text, as drizzle itself sends it.
const param = (name: string) => sql`${sql.placeholder(name)}`;

// Every other statement runs only when `turn` changed the conversation, that is while the AI still
// holds it: a take-over that committed first leaves the whole statement without effect.
const replyStatement = prepared((db) => {
  const turn = db.$with("turn").as(
    db
      .update(conversationTable)
      .set({
        // A stage a staff member chose while the AI replied stands: the turn moves only the stage it began in.
        stageId: sql`case when ${conversationTable.stageId} is not distinct from ${sql.placeholder("loadedStageId")}::uuid then ${sql.placeholder("stageId")}::uuid else ${conversationTable.stageId} end`,
        captured: param("captured"),
        aiTurns: sql`${conversationTable.aiTurns} + 1`,
        // The status changes only when the turn ends the conversation; one staff resolved meanwhile stays resolved.
        status: sql`case when ${sql.placeholder("ended")}::boolean then 'resolved' else ${conversationTable.status} end`,
        resolvedAt: sql`case when ${sql.placeholder("ended")}::boolean then now() else ${conversationTable.resolvedAt} end`,
        updatedAt: sql`now()`,
        turnLeaseUntil: null,
      })
      .where(and(eq(conversationTable.id, sql.placeholder("conversationId")), eq(conversationTable.holder, "ai")))
      .returning({ ...getTableColumns(conversationTable), arrived: pendingAfter(sql.placeholder("conversationId"), sql.placeholder("seenSeq")).as("arrived") }),
  );
  const whileHeld = sql`exists (select 1 from ${turn})`;
  // The turn's stage events are recorded only if its stage applied.
  const stageApplied = sql`exists (select 1 from ${turn} where ${turn.stageId} is not distinct from ${sql.placeholder("stageId")}::uuid)`;
  const reply = db.$with("reply").as(
    db
      .update(message)
      .set(Object.fromEntries(REPLY_COLUMNS.map((column) => [column, param(column)])))
      .where(and(eq(message.id, sql.placeholder("replyId")), whileHeld))
      .returning({ id: message.id }),
  );
  const answered = db.$with("answered").as(
    db
      .update(message)
      .set({ status: "answered" })
      .where(and(sql`${message.id} in (select jsonb_array_elements_text(${sql.placeholder("pendingIds")}::jsonb)::uuid)`, whileHeld))
      .returning({ id: message.id }),
  );
  const events = db.$with("events", { id: stageEvent.id }).as(
    sql`insert into ${stageEvent} (business_id, conversation_id, from_stage_id, to_stage_id, actor, reason, created_at)
      select ${sql.placeholder("businessId")}::uuid, ${sql.placeholder("conversationId")}::uuid, t."fromStageId", t."toStageId", t.actor, t.reason, ${nthOfTurn(sql`t.n`)}
      from jsonb_to_recordset(${sql.placeholder("transitions")}::jsonb) as t("fromStageId" uuid, "toStageId" uuid, actor stage_event_actor, reason text, n integer)
      where ${stageApplied}
      returning id`,
  );
  return db.with(turn, reply, answered, events).select().from(turn).prepare("turn_finish_reply");
});

/**
 * The rare outcomes, in one transaction. If a human took the conversation over meanwhile, the AI's
 * reply is kept only as an internal note for the staff, and nothing else of the turn applies: the
 * pending messages are theirs to answer.
 */
async function finishInTransaction(loaded: Loaded, state: TurnState, outcome: Outcome): Promise<Finished> {
  const { conversation, agent, templates, pending } = loaded;
  const db = await getDb();
  const written: Message[] = [];
  const updated = await db.transaction(async (tx) => {
    const [current] = await tx.select().from(conversationTable).where(eq(conversationTable.id, conversation.id)).for("update");
    if (current?.holder === "human" && conversation.holder === "ai") {
      if (outcome.reply) {
        const content = outcome.reply.content.trim() ? outcome.reply.content : "(The AI's reply was stopped: a human took over.)";
        const [note] = await tx
          .update(message)
          .set({ role: "note", content, status: "complete", meta: { ...outcome.reply.meta, muted: "A human took over while the AI was replying." } })
          .where(eq(message.id, outcome.reply.id))
          .returning();
        if (note) written.push(note);
      }
      return current;
    }
    if (outcome.reply) {
      const [reply] = await tx.update(message).set(replyColumns(outcome.reply)).where(eq(message.id, outcome.reply.id)).returning();
      if (reply) written.push(reply);
    }
    if (outcome.handoff) {
      // A conversation whose agent was deleted still gets a notice, signed by the business.
      const speaker = agent ?? { name: loaded.business.name, description: "" };
      const context = templateContext({ ...loaded, agent: speaker, stage: loaded.pipeline.byId(state.stageId), captured: state.captured });
      const text = (agent && (await renderFor(templateOf(templates, agent.handoffTemplateId), context))) ?? DEFAULT_HANDOFF;
      const [notice] = await tx
        .insert(message)
        .values({ businessId: conversation.businessId, conversationId: conversation.id, seq: await nextSeq(tx, conversation.id), role: "assistant", content: text, status: "complete", meta: { handoff: outcome.handoff } })
        .returning();
      if (notice) written.push(notice);
    }
    await tx
      .update(message)
      .set({ status: "answered" })
      .where(inArray(message.id, pending.map((m) => m.id)));
    // As in the one-statement path: a stage chosen by staff meanwhile stands, and the turn's moves are not recorded.
    const stageApplies = current?.stageId === conversation.stageId;
    for (const [n, t] of stageApplies ? state.transitions.entries() : []) {
      await tx.insert(stageEvent).values({
        businessId: conversation.businessId,
        conversationId: conversation.id,
        fromStageId: t.fromStageId,
        toStageId: t.toStageId,
        actor: eventActor(t),
        reason: t.reason,
        createdAt: nthOfTurn(sql.raw(String(n))),
      });
    }
    const [row] = await tx
      .update(conversationTable)
      .set({
        ...(stageApplies ? { stageId: state.stageId } : {}),
        captured: state.captured,
        aiTurns: sql`${conversationTable.aiTurns} + ${outcome.reply ? 1 : 0}`,
        ...(outcome.handoff ? { status: "waiting" as const, holder: "human" as const } : state.ended ? { status: "resolved" as const, resolvedAt: new Date() } : {}),
        updatedAt: new Date(),
      })
      .where(eq(conversationTable.id, conversation.id))
      .returning();
    return row!;
  });
  return { conversation: updated, written, released: null };
}
