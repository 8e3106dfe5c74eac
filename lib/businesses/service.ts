import { randomBytes } from "node:crypto";
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { agent, business, membership, type Business, type Role, type WidgetSettings } from "@/db/schema";
import { requireUserActor, type Actor } from "@/lib/auth/actor";
import { ConflictError, ValidationError } from "@/lib/errors";
import { afterCursor, toPage, type Page, type PageQuery } from "@/lib/pagination";
import { businessAccess, requirePermission } from "@/lib/tenancy/access";
import { forgetAllowedOrigins } from "@/lib/widget/allowed-origins";
import type { CreateBusinessInput, UpdateBusinessInput } from "./schemas";

/** A business as its members see it, with the caller's role. */
export type BusinessView = Business & { role: Role };

function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/, "");
  return base.length >= 3 ? base : `${base || "business"}-${randomBytes(2).toString("hex")}`;
}

async function slugTaken(db: DbOrTx, slug: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: business.id }).from(business).where(eq(business.slug, slug)).limit(1);
  return Boolean(row && row.id !== exceptId);
}

/** A free slug for a name: the name itself, or with a short random suffix when taken. */
async function freeSlug(db: DbOrTx, name: string): Promise<string> {
  const base = slugify(name);
  if (!(await slugTaken(db, base))) return base;
  for (;;) {
    const candidate = `${base}-${randomBytes(3).toString("hex")}`;
    if (!(await slugTaken(db, candidate))) return candidate;
  }
}

/** Creates a business with the actor as its owner; joins an outer transaction when given one. */
export async function createBusiness(actor: Actor, input: CreateBusinessInput, outer?: DbOrTx): Promise<BusinessView> {
  const run = async (tx: DbOrTx) => {
    if (input.slug && (await slugTaken(tx, input.slug))) {
      throw new ConflictError(`The address "${input.slug}" is taken. Choose another.`);
    }
    const [created] = await tx
      .insert(business)
      .values({
        name: input.name,
        slug: input.slug ?? (await freeSlug(tx, input.name)),
        description: input.description ?? "",
        timezone: input.timezone ?? "UTC",
        locale: input.locale ?? "en",
      })
      .returning();
    if (!created) throw new Error("insert returned no business");
    await tx.insert(membership).values({ businessId: created.id, userId: requireUserActor(actor).userId, role: "owner" });
    return { ...created, role: "owner" as const };
  };
  return outer ? run(outer) : (await getDb()).transaction(run);
}

/** The businesses the actor belongs to, oldest membership first; archived ones only on request. */
export async function listBusinesses(
  actor: Actor,
  query: PageQuery & { includeArchived?: boolean },
): Promise<Page<BusinessView>> {
  if (actor.kind === "apiKey") {
    // A key sees exactly its own business.
    const access = await businessAccess(actor, { id: actor.businessId });
    return { data: query.cursor ? [] : [{ ...access.business, role: access.role }], nextCursor: null };
  }
  const db = await getDb();
  const rows = await db
    .select({ business, role: membership.role })
    .from(membership)
    .innerJoin(business, eq(business.id, membership.businessId))
    .where(
      and(
        eq(membership.userId, actor.userId),
        query.includeArchived ? undefined : isNull(business.archivedAt),
        afterCursor(query.cursor, business.createdAt, business.id),
      ),
    )
    .orderBy(asc(business.createdAt), asc(business.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, (r) => ({ at: r.business.createdAt, id: r.business.id }));
  return { ...page, data: page.data.map((r) => ({ ...r.business, role: r.role })) };
}

export async function getBusiness(actor: Actor, ref: { id: string } | { slug: string }): Promise<BusinessView> {
  const access = await businessAccess(actor, ref);
  return { ...access.business, role: access.role };
}

export async function updateBusiness(actor: Actor, businessId: string, input: UpdateBusinessInput): Promise<BusinessView> {
  const db = await getDb();
  const access = await businessAccess(actor, { id: businessId }, "business.update");
  if (input.archived !== undefined) requirePermission(access, "business.archive");
  if (input.slug && (await slugTaken(db, input.slug, businessId))) {
    throw new ConflictError(`The address "${input.slug}" is taken. Choose another.`);
  }
  const { archived, widget, ...fields } = input;
  if (widget?.agentId) {
    const [chosen] = await db.select({ id: agent.id }).from(agent).where(and(eq(agent.businessId, access.business.id), eq(agent.id, widget.agentId)));
    if (!chosen) throw ValidationError.field("widget.agentId", "There is no such agent.");
  }
  const widgetSettings: WidgetSettings | undefined = widget && { ...access.business.widgetSettings, ...Object.fromEntries(Object.entries(widget).filter(([, v]) => v !== undefined)) };
  const [updated] = await db
    .update(business)
    .set({
      ...fields,
      ...(widgetSettings ? { widgetSettings } : {}),
      ...(archived === undefined ? {} : { archivedAt: archived ? (access.business.archivedAt ?? new Date()) : null }),
      updatedAt: new Date(),
    })
    .where(eq(business.id, access.business.id))
    .returning();
  if (!updated) throw new Error("update returned no business");
  // Live widget sockets check the allowed origins on every event: they must see this change.
  if (widget || archived !== undefined) forgetAllowedOrigins(updated.id);
  return { ...updated, role: access.role };
}

/** Archiving hides a business from its members' lists; its data stays and an owner can restore it. */
export async function archiveBusiness(actor: Actor, businessId: string): Promise<void> {
  await updateBusiness(actor, businessId, { archived: true });
}
