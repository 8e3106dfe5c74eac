import { asc, count, eq, inArray, isNull } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { agent, conversation, stage, template, type Agent, type TemplateKind } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { ConflictError, NotFoundError, ValidationError, type FieldError } from "@/lib/errors";
import { afterCursor, toPage, type Page, type PageQuery } from "@/lib/pagination";
import { storeCredential, providerApiKey } from "@/lib/providers/credentials";
import { isKeyedProvider } from "@/lib/providers/catalogue";
import { testConnection, type ConnectionResult } from "@/lib/providers/connection";
import { businessAccess, inBusiness, type BusinessAccess } from "@/lib/tenancy/access";
import { agentSettingErrors, type AgentSettings, type CreateAgentInput, type TestConnectionInput, type UpdateAgentInput } from "./schemas";

export type AgentView = Omit<Agent, "businessId">;

const toView = ({ businessId: _business, ...rest }: Agent): AgentView => rest;

/** Each template slot of an agent and the kind of template it takes. */
export const templateSlots = [
  ["systemTemplateId", "system"],
  ["greetingTemplateId", "greeting"],
  ["fallbackTemplateId", "fallback"],
  ["handoffTemplateId", "handoff"],
] as const satisfies readonly (readonly [keyof AgentSettings, TemplateKind])[];

export async function listAgents(actor: Actor, businessId: string, query: PageQuery): Promise<Page<AgentView>> {
  const access = await businessAccess(actor, { id: businessId }, "agents.read");
  const db = await getDb();
  const rows = await db
    .select()
    .from(agent)
    .where(inBusiness(agent.businessId, access, afterCursor(query.cursor, agent.createdAt, agent.id)))
    .orderBy(asc(agent.createdAt), asc(agent.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (row) => ({ at: row.createdAt, id: row.id }));
  return { ...page, data: page.data.map(toView) };
}

async function findAgent(access: BusinessAccess, agentId: string, db: DbOrTx): Promise<Agent> {
  const [row] = await db.select().from(agent).where(inBusiness(agent.businessId, access, eq(agent.id, agentId))).limit(1);
  if (!row) throw new NotFoundError("agent");
  return row;
}

export async function getAgent(actor: Actor, businessId: string, agentId: string): Promise<AgentView> {
  const access = await businessAccess(actor, { id: businessId }, "agents.read");
  return toView(await findAgent(access, agentId, await getDb()));
}

/**
 * Everything the settings refer to must be this business's own and fit its slot. Another
 * business's id gets the same message as one that does not exist.
 */
async function referenceErrors(access: BusinessAccess, settings: AgentSettings, db: DbOrTx): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const templateIds = templateSlots.map(([slot]) => settings[slot]).filter((id): id is string => Boolean(id));
  const kinds = new Map<string, TemplateKind>();
  if (templateIds.length > 0) {
    const rows = await db.select({ id: template.id, kind: template.kind }).from(template).where(inBusiness(template.businessId, access, inArray(template.id, templateIds)));
    for (const row of rows) kinds.set(row.id, row.kind);
  }
  for (const [slot, kind] of templateSlots) {
    const id = settings[slot];
    if (id && kinds.get(id) !== kind) errors.push({ path: slot, message: `Choose a ${kind} template of this business.` });
  }
  if (settings.entryStageId) {
    const [entry] = await db
      .select({ isEntry: stage.isEntry })
      .from(stage)
      .where(inBusiness(stage.businessId, access, eq(stage.id, settings.entryStageId), isNull(stage.archivedAt)))
      .limit(1);
    if (!entry) errors.push({ path: "entryStageId", message: "Choose a stage of this business." });
    else if (!entry.isEntry) errors.push({ path: "entryStageId", message: "Choose a stage marked as an entry stage." });
  }
  return errors;
}

async function validateSettings(access: BusinessAccess, settings: AgentSettings, db: DbOrTx): Promise<void> {
  const errors = [...agentSettingErrors(settings), ...(await referenceErrors(access, settings, db))];
  if (errors.length > 0) throw new ValidationError(errors);
}

/** Only the agent form sets a key along with the agent; the REST agent resource never carries one. */
type SaveOptions = { apiKey?: string };

async function saveKey(access: BusinessAccess, settings: AgentSettings, options: SaveOptions, tx: DbOrTx): Promise<void> {
  if (!options.apiKey) return;
  if (!isKeyedProvider(settings.provider)) throw ValidationError.field("apiKey", "The scripted provider needs no API key.");
  await storeCredential(access, settings.provider, options.apiKey, tx);
}

export async function createAgent(actor: Actor, businessId: string, input: CreateAgentInput, options: SaveOptions = {}): Promise<AgentView> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  const db = await getDb();
  const created = await db.transaction(async (tx) => {
    await validateSettings(access, input, tx);
    const [created] = await tx
      .insert(agent)
      .values({ ...input, businessId: access.business.id, avatarUrl: input.avatarUrl || null })
      .returning();
    if (!created) throw new Error("insert returned no agent");
    await saveKey(access, input, options, tx);
    return toView(created);
  });
  // A key saved with the agent must reach the engine's cache at once.
  if (options.apiKey) invalidateBusinessConfig(access.business.id);
  return created;
}

export async function updateAgent(actor: Actor, businessId: string, agentId: string, input: UpdateAgentInput, options: SaveOptions = {}): Promise<AgentView> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  const db = await getDb();
  const updated = await db.transaction(async (tx) => {
    const current = await findAgent(access, agentId, tx);
    const { id: _id, businessId: _business, createdAt: _created, updatedAt: _updated, ...stored } = current;
    const merged: AgentSettings = { ...stored, ...input };
    // A base URL belongs to its provider: switching provider without giving one drops the old one.
    if (input.provider !== undefined && input.provider !== current.provider && input.baseUrl === undefined) merged.baseUrl = null;
    await validateSettings(access, merged, tx);
    const [updated] = await tx
      .update(agent)
      .set({ ...merged, avatarUrl: merged.avatarUrl || null, updatedAt: new Date() })
      .where(inBusiness(agent.businessId, access, eq(agent.id, agentId)))
      .returning();
    if (!updated) throw new NotFoundError("agent");
    await saveKey(access, merged, options, tx);
    return toView(updated);
  });
  if (options.apiKey) invalidateBusinessConfig(access.business.id);
  return updated;
}

/**
 * What still depends on an agent. The one place to extend when more things come to use agents;
 * deleting is refused while any of it is live.
 */
export async function agentUsage(access: BusinessAccess, agentId: string, db: DbOrTx): Promise<{ openConversations: number }> {
  const [row] = await db
    .select({ n: count() })
    .from(conversation)
    .where(inBusiness(conversation.businessId, access, eq(conversation.agentId, agentId), inArray(conversation.status, ["open", "waiting"])));
  return { openConversations: row?.n ?? 0 };
}

export async function deleteAgent(actor: Actor, businessId: string, agentId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  const db = await getDb();
  await db.transaction(async (tx) => {
    await findAgent(access, agentId, tx);
    const usage = await agentUsage(access, agentId, tx);
    if (usage.openConversations > 0) {
      const n = usage.openConversations;
      throw new ConflictError(`This agent has ${n} open conversation${n === 1 ? "" : "s"}; resolve them or pause the agent instead.`);
    }
    await tx.delete(agent).where(inBusiness(agent.businessId, access, eq(agent.id, agentId)));
  });
}

/** Choices for the agent form's template and stage pickers, read straight from their tables. */
export async function agentFormOptions(actor: Actor, businessId: string) {
  const access = await businessAccess(actor, { id: businessId }, "agents.read");
  const db = await getDb();
  const [templates, stages] = await Promise.all([
    db
      .select({ id: template.id, name: template.name, kind: template.kind })
      .from(template)
      .where(inBusiness(template.businessId, access, inArray(template.kind, templateSlots.map(([, kind]) => kind))))
      .orderBy(asc(template.name)),
    db
      .select({ id: stage.id, key: stage.key, name: stage.name, isEntry: stage.isEntry })
      .from(stage)
      .where(inBusiness(stage.businessId, access, isNull(stage.archivedAt)))
      .orderBy(asc(stage.position)),
  ]);
  return { templates, stages };
}

/**
 * Tries provider settings before they are saved. Without a key in the request it uses the one
 * the business stored (or the server's), so a saved agent can be re-tested without retyping it.
 */
export async function testAgentConnection(actor: Actor, businessId: string, input: TestConnectionInput): Promise<ConnectionResult> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  if (input.provider === "openai-compatible" && !input.baseUrl) {
    throw ValidationError.field("baseUrl", "An OpenAI-compatible provider needs its base URL, e.g. http://localhost:11434/v1.");
  }
  const apiKey = input.apiKey ?? (await providerApiKey(access.business.id, input.provider));
  return testConnection({ ...input, apiKey });
}
