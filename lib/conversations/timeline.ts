import { asc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { getDb } from "@/db";
import { conversation, stage, stageEvent, user, type StageEvent } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import { businessAccess, inBusiness } from "@/lib/tenancy/access";

type StageRef = { id: string; key: string; name: string };

export type TimelineEntry = Pick<StageEvent, "id" | "actor" | "reason" | "createdAt"> & {
  from: StageRef | null;
  to: StageRef | null;
  /** The staff member behind a `staff` event, while their account exists. */
  by: { id: string; name: string } | null;
};

const fromStage = alias(stage, "from_stage");
const toStage = alias(stage, "to_stage");

/** A conversation's stage transitions, oldest first, with the stages' names and who moved it. */
export async function conversationTimeline(actor: Actor, businessId: string, conversationId: string): Promise<TimelineEntry[]> {
  const access = await businessAccess(actor, { id: businessId }, "conversations.read");
  const db = await getDb();
  const [exists] = await db.select({ id: conversation.id }).from(conversation).where(inBusiness(conversation.businessId, access, eq(conversation.id, conversationId)));
  if (!exists) throw new NotFoundError("conversation");
  const rows = await db
    .select({
      event: stageEvent,
      from: { id: fromStage.id, key: fromStage.key, name: fromStage.name },
      to: { id: toStage.id, key: toStage.key, name: toStage.name },
      by: { id: user.id, name: user.name },
    })
    .from(stageEvent)
    .leftJoin(fromStage, eq(fromStage.id, stageEvent.fromStageId))
    .leftJoin(toStage, eq(toStage.id, stageEvent.toStageId))
    .leftJoin(user, eq(user.id, stageEvent.actorUserId))
    .where(inBusiness(stageEvent.businessId, access, eq(stageEvent.conversationId, conversationId)))
    .orderBy(asc(stageEvent.createdAt), asc(stageEvent.id));
  return rows.map(({ event, from, to, by }) => ({ id: event.id, actor: event.actor, reason: event.reason, createdAt: event.createdAt, from, to, by }));
}
