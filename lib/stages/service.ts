import { asc, count, eq, gte, inArray, sql } from "drizzle-orm";
import { getDb, type DbOrTx, type Tx } from "@/db";
import { agent, business, conversation, stage, type Stage } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { ConflictError, NotFoundError, ValidationError, type FieldError } from "@/lib/errors";
import type { Page, PageQuery } from "@/lib/pagination";
import { businessAccess, inBusiness, type BusinessAccess } from "@/lib/tenancy/access";
import { introducedProblems, pipelineProblems, type PipelineProblem } from "./graph";
import type { CreateStageInput, ReorderStagesInput, UpdateStageInput } from "./schemas";

export type StageView = Omit<Stage, "businessId">;
/** A pipeline problem as clients see it. */
export type StageProblem = Omit<PipelineProblem, "ref">;
export type Pipeline = { stages: StageView[]; problems: StageProblem[] };

const toView = ({ businessId: _business, ...view }: Stage): StageView => view;
const toPublic = ({ ref: _ref, ...problem }: PipelineProblem): StageProblem => problem;

/** Every stage of the business (archived too), in pipeline order. */
function loadStages(db: DbOrTx, access: BusinessAccess): Promise<Stage[]> {
  return db.select().from(stage).where(inBusiness(stage.businessId, access)).orderBy(asc(stage.position), asc(stage.id));
}

/** The whole pipeline with its current problems, for the stages page. */
export async function getPipeline(actor: Actor, businessId: string): Promise<Pipeline> {
  const access = await businessAccess(actor, { id: businessId }, "stages.read");
  const stages = await loadStages(await getDb(), access);
  return { stages: stages.map(toView), problems: pipelineProblems(stages).map(toPublic) };
}

/**
 * Stages in pipeline order. The cursor is the id of the last stage seen: pipelines are small, so
 * the page is cut from the full list, which the problems need anyway.
 */
export async function listStages(actor: Actor, businessId: string, query: PageQuery): Promise<Page<StageView> & { problems: StageProblem[] }> {
  const { stages, problems } = await getPipeline(actor, businessId);
  let start = 0;
  if (query.cursor) {
    const id = Buffer.from(query.cursor, "base64url").toString();
    const index = stages.findIndex((s) => s.id === id);
    if (index < 0) throw ValidationError.field("cursor", "The cursor is not valid.");
    start = index + 1;
  }
  const data = stages.slice(start, start + query.limit);
  const last = data[data.length - 1];
  const nextCursor = start + query.limit < stages.length && last ? Buffer.from(last.id).toString("base64url") : null;
  return { data, nextCursor, problems };
}

export async function getStage(actor: Actor, businessId: string, stageId: string): Promise<StageView> {
  const access = await businessAccess(actor, { id: businessId }, "stages.read");
  const db = await getDb();
  const [found] = await db.select().from(stage).where(inBusiness(stage.businessId, access, eq(stage.id, stageId)));
  if (!found) throw new NotFoundError("stage");
  return toView(found);
}

/** What keeps a stage from being deleted: agents that start there, conversations that are in it. */
export type StageUsage = { agents: { id: string; name: string }[]; openConversations: number };

export async function stageUsage(db: DbOrTx, access: BusinessAccess, stageId: string): Promise<StageUsage> {
  const [agents, [open]] = await Promise.all([
    db.select({ id: agent.id, name: agent.name }).from(agent).where(inBusiness(agent.businessId, access, eq(agent.entryStageId, stageId))),
    db
      .select({ n: count() })
      .from(conversation)
      .where(inBusiness(conversation.businessId, access, eq(conversation.stageId, stageId), inArray(conversation.status, ["open", "waiting"]))),
  ]);
  return { agents, openConversations: open?.n ?? 0 };
}

function usageMessage(name: string, usage: StageUsage): string | null {
  const reasons: string[] = [];
  if (usage.agents.length > 0) {
    reasons.push(`it is the entry stage of ${usage.agents.length === 1 ? "the agent" : "the agents"} ${usage.agents.map((a) => `“${a.name}”`).join(", ")}`);
  }
  if (usage.openConversations > 0) {
    reasons.push(`${usage.openConversations} open ${usage.openConversations === 1 ? "conversation is" : "conversations are"} in it`);
  }
  return reasons.length ? `“${name}” cannot be deleted: ${reasons.join(", and ")}. Archive it instead.` : null;
}

type GuardOptions = {
  /** The stage being saved: its own problems point at its own fields. */
  stageId?: string;
  /** Where a problem of another stage is reported, e.g. the field whose change caused it. */
  blame: string;
  /** Problems a change may introduce anyway (a brand-new stage is not reachable until another points at it). */
  allow?: (problem: PipelineProblem) => boolean;
};

/**
 * Runs a change of the pipeline in a transaction and refuses it (422) when it introduces a
 * problem the pipeline did not have before; problems that already existed do not block it, so a
 * pipeline can be built step by step but a working one is never broken by a save. Saves of one
 * business are serialised by locking its row, so two saves cannot each pass on a stale "before".
 */
async function guardedChange<T>(access: BusinessAccess, options: GuardOptions, change: (tx: Tx, before: Stage[]) => Promise<T>): Promise<T> {
  const db = await getDb();
  const result = await db.transaction(async (tx) => {
    await tx.select({ id: business.id }).from(business).where(eq(business.id, access.business.id)).for("update");
    const before = await loadStages(tx, access);
    const result = await change(tx, before);
    const after = await loadStages(tx, access);
    const introduced = introducedProblems(pipelineProblems(before), pipelineProblems(after)).filter((p) => !options.allow?.(p));
    if (introduced.length > 0) {
      const errors: FieldError[] = introduced.map((p) => ({
        path: p.stageId === options.stageId && p.field ? p.field : options.blame,
        message: p.message,
      }));
      throw new ValidationError(errors, `This change would break the pipeline: ${introduced.map((p) => p.message).join(" ")}`);
    }
    return result;
  });
  invalidateBusinessConfig(access.business.id);
  return result;
}

/**
 * Transitions may only name stages of this business, and not the stage itself. Targets the stage
 * already had are not rechecked, so an old reference to an archived stage does not block other edits.
 */
function checkTargets(
  stages: Stage[],
  self: Stage | null,
  input: Pick<UpdateStageInput, "nextStageIds" | "keywordRules">,
): void {
  const known = new Set(stages.map((s) => s.id));
  const had = new Set([...(self?.nextStageIds ?? []), ...(self?.keywordRules ?? []).map((r) => r.nextStageId)]);
  const errors: FieldError[] = [];
  const check = (id: string, path: string) => {
    if (had.has(id)) return;
    // Another business's stage is as unknown as one that does not exist.
    if (!known.has(id)) errors.push({ path, message: "Unknown stage." });
    else if (id === self?.id) errors.push({ path, message: "A stage cannot move to itself." });
  };
  input.nextStageIds?.forEach((id, i) => check(id, `nextStageIds.${i}`));
  if (input.nextStageIds && new Set(input.nextStageIds).size !== input.nextStageIds.length) {
    errors.push({ path: "nextStageIds", message: "List each next stage once." });
  }
  input.keywordRules?.forEach((rule, i) => check(rule.nextStageId, `keywordRules.${i}.nextStageId`));
  if (errors.length > 0) throw new ValidationError(errors);
}

function checkKeyFree(stages: Stage[], key: string, self: string | null): void {
  if (stages.some((s) => s.key === key && s.id !== self)) throw ValidationError.field("key", `Another stage already uses the key “${key}”.`);
}

/** Makes room at `position` by moving every stage from there on one place down. */
async function openSlot(tx: Tx, access: BusinessAccess, position: number): Promise<void> {
  await tx
    .update(stage)
    .set({ position: sql`${stage.position} + 1` })
    .where(inBusiness(stage.businessId, access, gte(stage.position, position)));
}

const GRAPH_FIELDS = ["nextStageIds", "isTerminal", "isEntry", "archived", "keywordRules"] as const;
const changedGraphField = (input: UpdateStageInput) => GRAPH_FIELDS.find((f) => input[f] !== undefined) ?? "(root)";

/**
 * Inserts the stage `valuesFor` builds from the current ones. A brand-new stage may start
 * unreachable: no stage can point at it before it exists; it stays a reported problem until one does.
 */
async function addStage(
  access: BusinessAccess,
  blame: string,
  valuesFor: (stages: Stage[]) => Omit<typeof stage.$inferInsert, "businessId">,
): Promise<StageView> {
  // Filled in once the row exists: the guard reads it after the change, to place the new stage's own problems at its fields.
  const options: GuardOptions = { blame, allow: (p) => p.code === "unreachable" && p.stageId === options.stageId };
  const created = await guardedChange(access, options, async (tx, stages) => {
    const values = valuesFor(stages);
    await openSlot(tx, access, values.position);
    const [row] = await tx
      .insert(stage)
      .values({ ...values, businessId: access.business.id })
      .returning();
    if (!row) throw new Error("insert returned no stage");
    options.stageId = row.id;
    return row;
  });
  return toView(created);
}

/**
 * Creates a stage. A non-terminal stage goes just before the first terminal stage, so that the
 * default "next in order" flow runs through it; a terminal one goes last.
 */
export async function createStage(actor: Actor, businessId: string, input: CreateStageInput): Promise<StageView> {
  const access = await businessAccess(actor, { id: businessId }, "stages.write");
  return addStage(access, "nextStageIds", (stages) => {
    checkKeyFree(stages, input.key, null);
    checkTargets(stages, null, input);
    const firstTerminal = stages.find((s) => !s.archivedAt && s.isTerminal);
    const end = stages.reduce((max, s) => Math.max(max, s.position + 1), 0);
    return { ...input, position: !input.isTerminal && firstTerminal ? firstTerminal.position : end };
  });
}

export async function updateStage(actor: Actor, businessId: string, stageId: string, input: UpdateStageInput): Promise<StageView> {
  const access = await businessAccess(actor, { id: businessId }, "stages.write");
  const updated = await guardedChange(access, { stageId, blame: changedGraphField(input) }, async (tx, stages) => {
    const current = stages.find((s) => s.id === stageId);
    if (!current) throw new NotFoundError("stage");
    if (input.key !== undefined) checkKeyFree(stages, input.key, stageId);
    checkTargets(stages, current, input);
    const { archived, ...fields } = input;
    const [row] = await tx
      .update(stage)
      .set({
        ...fields,
        ...(archived === undefined ? {} : { archivedAt: archived ? (current.archivedAt ?? new Date()) : null }),
        updatedAt: new Date(),
      })
      .where(inBusiness(stage.businessId, access, eq(stage.id, stageId)))
      .returning();
    if (!row) throw new Error("update returned no stage");
    return row;
  });
  return toView(updated);
}

/**
 * Deletes a stage unless something uses it (409, with the advice to archive), and removes the
 * references other stages hold to it in the same transaction.
 */
export async function deleteStage(actor: Actor, businessId: string, stageId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "stages.write");
  await guardedChange(access, { stageId, blame: "stageId" }, async (tx, stages) => {
    const doomed = stages.find((s) => s.id === stageId);
    if (!doomed) throw new NotFoundError("stage");
    const refusal = usageMessage(doomed.name, await stageUsage(tx, access, stageId));
    if (refusal) throw new ConflictError(refusal);
    for (const other of stages) {
      const referencing = other.nextStageIds.includes(stageId) || other.keywordRules.some((r) => r.nextStageId === stageId);
      if (other.id === stageId || !referencing) continue;
      await tx
        .update(stage)
        .set({
          nextStageIds: other.nextStageIds.filter((id) => id !== stageId),
          keywordRules: other.keywordRules.filter((r) => r.nextStageId !== stageId),
          updatedAt: new Date(),
        })
        .where(inBusiness(stage.businessId, access, eq(stage.id, other.id)));
    }
    await tx.delete(stage).where(inBusiness(stage.businessId, access, eq(stage.id, stageId)));
  });
}

/** Puts the stages in the given order; the list must be exactly the business's stages. */
export async function reorderStages(actor: Actor, businessId: string, input: ReorderStagesInput): Promise<StageView[]> {
  const access = await businessAccess(actor, { id: businessId }, "stages.write");
  const reordered = await guardedChange(access, { blame: "stageIds" }, async (tx, stages) => {
    const known = new Set(stages.map((s) => s.id));
    const given = new Set(input.stageIds);
    if (given.size !== input.stageIds.length) throw ValidationError.field("stageIds", "List each stage once.");
    if (input.stageIds.some((id) => !known.has(id)) || given.size !== known.size) {
      throw ValidationError.field("stageIds", `List exactly the business's ${known.size} stages, each once, in their new order.`);
    }
    const now = new Date();
    for (const [position, id] of input.stageIds.entries()) {
      await tx
        .update(stage)
        .set({ position, updatedAt: now })
        .where(inBusiness(stage.businessId, access, eq(stage.id, id)));
    }
    return loadStages(tx, access);
  });
  return reordered.map(toView);
}

const MAX_KEY = 48;

/** `<key>-copy`, then `<key>-copy-2`, … whichever is free, within the key length limit. */
export function copyKey(key: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? "-copy" : `-copy-${n}`;
    const candidate = `${key.slice(0, MAX_KEY - suffix.length).replace(/-+$/, "")}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/** Copies a stage, right after the original; the copy is never an entry stage. */
export async function duplicateStage(actor: Actor, businessId: string, stageId: string): Promise<StageView> {
  const access = await businessAccess(actor, { id: businessId }, "stages.write");
  return addStage(access, "(root)", (stages) => {
    const original = stages.find((s) => s.id === stageId);
    if (!original) throw new NotFoundError("stage");
    const { id: _id, businessId: _b, createdAt: _c, updatedAt: _u, archivedAt: _a, ...copied } = original;
    return {
      ...copied,
      key: copyKey(original.key, new Set(stages.map((s) => s.key))),
      name: `${original.name} (copy)`.slice(0, 100),
      isEntry: false,
      position: original.position + 1,
    };
  });
}
