import { and, eq, inArray, sql, type Column, type Placeholder, type SQL } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { prepared } from "@/db/prepared";
import { business, membership, type Business, type Role } from "@/db/schema";
import { apiKeyRole, type Actor, type ApiKeyActor, type UserActor } from "@/lib/auth/actor";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { can, permissionMatrix, type Permission } from "./permissions";

/** A caller's standing in one business, established once per request. */
export type BusinessAccess = { business: Business; role: Role; actor: Actor };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type BusinessRef = { id: string } | { slug: string };

/**
 * Finds a business by id or slug *among the caller's own*. A business the caller does not belong
 * to, or that does not exist, is the same 404: existence is never revealed across tenants.
 */
export async function businessAccess(actor: Actor, ref: BusinessRef, permission: Permission = "business.read", db?: DbOrTx): Promise<BusinessAccess> {
  if ("id" in ref && !UUID.test(ref.id)) throw new NotFoundError("business");
  let access: BusinessAccess | undefined;
  if (actor.kind === "apiKey") {
    const row = await keysBusiness(actor, ref, db);
    if (row) access = { business: row, role: apiKeyRole(actor), actor };
  } else {
    const row = await membersBusiness(actor, ref, db);
    if (row) access = { business: row.business, role: row.role, actor };
  }
  if (!access) throw new NotFoundError("business");
  requirePermission(access, permission);
  return access;
}

const whereRef = (ref: BusinessRef) => ("id" in ref ? eq(business.id, ref.id) : eq(business.slug, ref.slug));

/** A key belongs to one business; any other is as absent as a non-existent one. */
async function keysBusiness(actor: ApiKeyActor, ref: BusinessRef, db?: DbOrTx): Promise<Business | undefined> {
  if ("id" in ref && !db) return ref.id === actor.businessId ? (await (await businessById()).execute({ businessId: ref.id }))[0] : undefined;
  return (await (db ?? (await getDb())).select().from(business).where(and(whereRef(ref), eq(business.id, actor.businessId))).limit(1))[0];
}

async function membersBusiness(actor: UserActor, ref: BusinessRef, db?: DbOrTx) {
  if ("id" in ref && !db) return (await (await membershipById()).execute({ businessId: ref.id, userId: actor.userId }))[0];
  return (await membersQuery(db ?? (await getDb()), actor.userId).where(whereRef(ref)).limit(1))[0];
}

const membersQuery = (db: DbOrTx, userId: Placeholder | string) =>
  db
    .select({ business, role: membership.role })
    .from(business)
    .innerJoin(membership, and(eq(membership.businessId, business.id), eq(membership.userId, userId)));

// Every message, socket event and API call starts with one of these (by id, outside a transaction).
const businessById = prepared((db) => db.select().from(business).where(eq(business.id, sql.placeholder("businessId"))).prepare("access_business"));
const membershipById = prepared((db) =>
  membersQuery(db, sql.placeholder("userId")).where(eq(business.id, sql.placeholder("businessId"))).limit(1).prepare("access_membership"),
);

export function requirePermission(access: BusinessAccess, permission: Permission): void {
  if (!can(access.role, permission)) {
    throw new ForbiddenError(`Your role (${access.role}) does not allow this.`);
  }
}

/**
 * The filter every tenant-owned query carries: `where(inBusiness(table.businessId, access, …))`.
 * Extra conditions are and-ed in, so a lookup by id can never reach another business's row.
 */
export function inBusiness(column: Column, access: BusinessAccess, ...conditions: (SQL | undefined)[]): SQL {
  return and(eq(column, access.business.id), ...conditions) as SQL;
}

/** Who writes in a statement that checks the caller's right itself: see `statementAccess`. */
export type StatementAccess = { businessId: string; userId: string | null };

/**
 * The caller's right to `permission` in a business, for a statement on every message's path that
 * checks it itself rather than in a query of its own: an API key is decided here (its one business,
 * its scopes), a user's membership inside the statement (`memberMay`). Null when it is decided
 * here that the caller may not. When such a statement writes nothing, `businessAccess` tells why
 * (404 or 403) — the same answers as everywhere else.
 */
export function statementAccess(actor: Actor, businessId: string, permission: Permission): StatementAccess | null {
  if (!UUID.test(businessId)) return null;
  if (actor.kind === "user") return { businessId, userId: actor.userId };
  return actor.businessId === businessId && can(apiKeyRole(actor), permission) ? { businessId, userId: null } : null;
}

/** The condition of such a statement: no user (a key, decided already), or a member whose role has `permission`. */
export function memberMay(businessId: Column, userId: Placeholder, permission: Permission): SQL {
  const member = and(eq(membership.businessId, businessId), sql`${membership.userId} = ${userId}::uuid`, inArray(membership.role, [...permissionMatrix[permission]]));
  return sql`(${userId}::uuid is null or exists (select 1 from ${membership} where ${member}))`;
}
