import { asc, desc, eq, isNull, lt, or, type SQL } from "drizzle-orm";
import { getDb, type DbOrTx, type Tx } from "@/db";
import { agent, stage, template, templateVersion, user, type Template, type TemplateKind, type TemplateVersion } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { conversationTemplateContext } from "@/lib/conversations/service";
import { invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/errors";
import { afterCursor, toPage, type Page, type PageQuery } from "@/lib/pagination";
import { businessAccess, inBusiness, type BusinessAccess } from "@/lib/tenancy/access";
import { diffText, type DiffLine } from "./diff";
import { assertValidTemplate, previewTemplate as renderPreview, renderWith } from "./liquid";
import { STAGED_KINDS, type CreateTemplateInput, type ListTemplatesQuery, type PreviewTemplateInput, type UpdateTemplateInput } from "./schemas";

type StageRef = { id: string; key: string; name: string };

export type TemplateView = Pick<Template, "id" | "kind" | "name" | "stageId" | "body" | "version" | "createdAt" | "updatedAt"> & {
  stage: StageRef | null;
};

/** The agent slots that hold a template, in the words the UI uses. */
const AGENT_SLOTS = [
  { key: "systemTemplateId", as: "system" },
  { key: "greetingTemplateId", as: "greeting" },
  { key: "fallbackTemplateId", as: "fallback" },
  { key: "handoffTemplateId", as: "handoff" },
] as const;

export type TemplateUse = { id: string; name: string; as: (typeof AGENT_SLOTS)[number]["as"][] };
export type TemplateDetail = TemplateView & { usedBy: { agents: TemplateUse[]; stage: StageRef | null } };

export type TemplateVersionView = Pick<TemplateVersion, "version" | "name" | "body" | "restoredFrom" | "createdAt"> & {
  savedBy: { id: string; name: string } | null;
};

const stageRef = { id: stage.id, key: stage.key, name: stage.name };

function toView(row: { template: Template; stage: StageRef | null }): TemplateView {
  const { id, kind, name, stageId, body, version, createdAt, updatedAt } = row.template;
  return { id, kind, name, stageId, body, version, createdAt, updatedAt, stage: row.stage };
}

export async function listTemplates(actor: Actor, businessId: string, query: ListTemplatesQuery): Promise<Page<TemplateView>> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  const db = await getDb();
  const rows = await db
    .select({ template, stage: stageRef })
    .from(template)
    .leftJoin(stage, eq(stage.id, template.stageId))
    .where(
      inBusiness(
        template.businessId,
        access,
        query.kind ? eq(template.kind, query.kind) : undefined,
        query.stageId ? eq(template.stageId, query.stageId) : undefined,
        afterCursor(query.cursor, template.createdAt, template.id),
      ),
    )
    .orderBy(asc(template.createdAt), asc(template.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.template.createdAt, id: row.template.id }));
  return { ...page, data: page.data.map(toView) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function findTemplate(db: DbOrTx, access: BusinessAccess, templateId: string): Promise<{ template: Template; stage: StageRef | null }> {
  // Pages pass ids straight from the address; a malformed one names nothing.
  if (!UUID.test(templateId)) throw new NotFoundError("template");
  const [row] = await db
    .select({ template, stage: stageRef })
    .from(template)
    .leftJoin(stage, eq(stage.id, template.stageId))
    .where(inBusiness(template.businessId, access, eq(template.id, templateId)))
    .limit(1);
  if (!row) throw new NotFoundError("template");
  return row;
}

/** The agents of this business that speak with the template, and in which role. */
async function agentsUsing(db: DbOrTx, access: BusinessAccess, templateId: string): Promise<TemplateUse[]> {
  const rows = await db
    .select()
    .from(agent)
    .where(inBusiness(agent.businessId, access, or(...AGENT_SLOTS.map((slot) => eq(agent[slot.key], templateId)))))
    .orderBy(asc(agent.name));
  return rows.map((row) => ({ id: row.id, name: row.name, as: AGENT_SLOTS.filter((slot) => row[slot.key] === templateId).map((slot) => slot.as) }));
}

export async function getTemplate(actor: Actor, businessId: string, templateId: string): Promise<TemplateDetail> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  const db = await getDb();
  const row = await findTemplate(db, access, templateId);
  return { ...toView(row), usedBy: { agents: await agentsUsing(db, access, templateId), stage: row.stage } };
}

/** The stages a stage or reply template can be tied to, for the editor's choice. */
export async function stageChoices(actor: Actor, businessId: string): Promise<StageRef[]> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  const db = await getDb();
  return db.select(stageRef).from(stage).where(inBusiness(stage.businessId, access, isNull(stage.archivedAt))).orderBy(asc(stage.position));
}

/** A stage id must name a stage of the same business; any other id is the same "unknown stage". */
async function checkStage(db: DbOrTx, access: BusinessAccess, kind: TemplateKind, stageId: string | null | undefined): Promise<void> {
  if (!stageId) return;
  if (!STAGED_KINDS.includes(kind)) throw ValidationError.field("stageId", "Only stage and reply templates belong to a stage.");
  const [found] = await db.select({ id: stage.id }).from(stage).where(inBusiness(stage.businessId, access, eq(stage.id, stageId))).limit(1);
  if (!found) throw ValidationError.field("stageId", "Unknown stage: choose a stage of this business.");
}

export async function createTemplate(actor: Actor, businessId: string, input: CreateTemplateInput): Promise<TemplateDetail> {
  const access = await businessAccess(actor, { id: businessId }, "templates.write");
  assertValidTemplate(input.body);
  const db = await getDb();
  await checkStage(db, access, input.kind, input.stageId);
  const id = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(template)
      .values({ businessId: access.business.id, kind: input.kind, name: input.name, body: input.body, stageId: input.stageId ?? null, version: 1 })
      .returning({ id: template.id });
    if (!created) throw new Error("insert returned no template");
    await tx.insert(templateVersion).values({ templateId: created.id, businessId: access.business.id, version: 1, name: input.name, body: input.body, savedBy: actorUserId(actor) });
    return created.id;
  });
  invalidateBusinessConfig(access.business.id);
  return getTemplate(actor, businessId, id);
}

/**
 * Records a new immutable version when the name or body changed; an identical save records
 * nothing. The template row is locked so that concurrent saves get consecutive numbers.
 */
async function saveVersion(tx: Tx, actor: Actor, access: BusinessAccess, templateId: string, change: { name?: string; body?: string; stageId?: string | null; restoredFrom?: number }) {
  const [current] = await tx
    .select()
    .from(template)
    .where(inBusiness(template.businessId, access, eq(template.id, templateId)))
    .for("update");
  if (!current) throw new NotFoundError("template");
  const name = change.name ?? current.name;
  const body = change.body ?? current.body;
  const changed = name !== current.name || body !== current.body;
  const version = changed ? current.version + 1 : current.version;
  if (changed) {
    await tx
      .insert(templateVersion)
      .values({ templateId, businessId: access.business.id, version, name, body, savedBy: actorUserId(actor), restoredFrom: change.restoredFrom ?? null });
  }
  if (changed || (change.stageId !== undefined && change.stageId !== current.stageId)) {
    await tx
      .update(template)
      .set({ name, body, version, stageId: change.stageId === undefined ? current.stageId : change.stageId, updatedAt: new Date() })
      .where(eq(template.id, templateId));
  }
}

export async function updateTemplate(actor: Actor, businessId: string, templateId: string, input: UpdateTemplateInput): Promise<TemplateDetail> {
  const access = await businessAccess(actor, { id: businessId }, "templates.write");
  const db = await getDb();
  const { template: current } = await findTemplate(db, access, templateId);
  if (input.body !== undefined) assertValidTemplate(input.body);
  await checkStage(db, access, current.kind, input.stageId);
  await db.transaction((tx) => saveVersion(tx, actor, access, templateId, input));
  invalidateBusinessConfig(access.business.id);
  return getTemplate(actor, businessId, templateId);
}

/** Saves an old version's name and body again, as the newest version. */
export async function restoreTemplateVersion(actor: Actor, businessId: string, templateId: string, version: number): Promise<TemplateDetail> {
  const access = await businessAccess(actor, { id: businessId }, "templates.write");
  const db = await getDb();
  const old = await findVersion(db, access, templateId, version);
  // The catalogue may have changed since; a restore obeys today's rules like any save.
  assertValidTemplate(old.body);
  await db.transaction((tx) => saveVersion(tx, actor, access, templateId, { name: old.name, body: old.body, restoredFrom: version }));
  invalidateBusinessConfig(access.business.id);
  return getTemplate(actor, businessId, templateId);
}

async function findVersion(db: DbOrTx, access: BusinessAccess, templateId: string, version: number): Promise<TemplateVersion> {
  const [found] = await db
    .select()
    .from(templateVersion)
    .where(inBusiness(templateVersion.businessId, access, eq(templateVersion.templateId, templateId), eq(templateVersion.version, version)))
    .limit(1);
  if (!found) throw new NotFoundError("template version");
  return found;
}

/** Version cursors are the last version number seen: versions only grow, so pages stay stable. */
const versionCursor = (version: number) => Buffer.from(`v${version}`).toString("base64url");

function beforeVersion(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const match = /^v(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString());
  if (!match) throw ValidationError.field("cursor", "The cursor is not valid.");
  return lt(templateVersion.version, Number(match[1]));
}

/** Newest first, with who saved each one. */
export async function listTemplateVersions(actor: Actor, businessId: string, templateId: string, query: PageQuery): Promise<Page<TemplateVersionView>> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  const db = await getDb();
  await findTemplate(db, access, templateId);
  const rows = await db
    .select({ version: templateVersion, saverName: user.name })
    .from(templateVersion)
    .leftJoin(user, eq(user.id, templateVersion.savedBy))
    .where(inBusiness(templateVersion.businessId, access, eq(templateVersion.templateId, templateId), beforeVersion(query.cursor)))
    .orderBy(desc(templateVersion.version))
    .limit(query.limit + 1);
  const data = rows.slice(0, query.limit).map(({ version: v, saverName }) => ({
    version: v.version,
    name: v.name,
    body: v.body,
    restoredFrom: v.restoredFrom,
    createdAt: v.createdAt,
    savedBy: v.savedBy ? { id: v.savedBy, name: saverName ?? "" } : null,
  }));
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > query.limit && last ? versionCursor(last.version) : null };
}

export type VersionDiff = { from: number; to: number; lines: DiffLine[] };

/** What changed in the body from version `from` to version `to`. */
export async function diffTemplateVersions(actor: Actor, businessId: string, templateId: string, from: number, to: number): Promise<VersionDiff> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  const db = await getDb();
  const [older, newer] = await Promise.all([findVersion(db, access, templateId, from), findVersion(db, access, templateId, to)]);
  return { from, to, lines: diffText(older.body, newer.body) };
}

/** Refused while an agent speaks with it: the agent would be left without its prompt. */
export async function deleteTemplate(actor: Actor, businessId: string, templateId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "templates.write");
  const db = await getDb();
  await db.transaction(async (tx) => {
    await findTemplate(tx, access, templateId);
    const users = await agentsUsing(tx, access, templateId);
    if (users.length > 0) {
      const names = users.map((a) => `“${a.name}”`).join(", ");
      throw new ConflictError(`This template is used by the agent${users.length > 1 ? "s" : ""} ${names}. Choose another template for ${users.length > 1 ? "them" : "it"} first.`);
    }
    await tx.delete(template).where(inBusiness(template.businessId, access, eq(template.id, templateId)));
  });
  invalidateBusinessConfig(access.business.id);
}

/**
 * Renders a draft body with sample data, except that `business.*` is the caller's own business
 * (authors recognise their text that way); `variables` override both. The template must exist
 * in the caller's business; null previews a template not saved yet.
 */
export async function previewTemplate(actor: Actor, businessId: string, templateId: string | null, input: PreviewTemplateInput): Promise<{ text: string }> {
  const access = await businessAccess(actor, { id: businessId }, "templates.read");
  if (templateId) await findTemplate(await getDb(), access, templateId);
  if (input.conversationId) {
    // Real data replaces the samples wholesale: no sample value may pass for the conversation's.
    const context = await conversationTemplateContext(actor, businessId, input.conversationId);
    return { text: await renderWith(input.body, context, input.variables ?? {}) };
  }
  const { name, description, timezone } = access.business;
  return { text: await renderPreview(input.body, { business: { name, description, timezone } }, input.variables ?? {}) };
}
