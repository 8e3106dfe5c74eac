import { and, eq, type Column, type SQL } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { business, membership, type Business, type Role } from "@/db/schema";
import { apiKeyRole, type Actor } from "@/lib/auth/actor";
import { ForbiddenError, NotFoundError } from "@/lib/errors";
import { can, type Permission } from "./permissions";

/** A caller's standing in one business, established once per request. */
export type BusinessAccess = { business: Business; role: Role; actor: Actor };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds a business by id or slug *among the caller's own*. A business the caller does not belong
 * to, or that does not exist, is the same 404: existence is never revealed across tenants.
 */
export async function businessAccess(
  actor: Actor,
  ref: { id: string } | { slug: string },
  permission: Permission = "business.read",
  db?: DbOrTx,
): Promise<BusinessAccess> {
  const conn = db ?? (await getDb());
  if ("id" in ref && !UUID.test(ref.id)) throw new NotFoundError("business");
  const where = "id" in ref ? eq(business.id, ref.id) : eq(business.slug, ref.slug);
  let access: BusinessAccess | undefined;
  if (actor.kind === "apiKey") {
    // A key belongs to one business; any other is as absent as a non-existent one.
    const [row] = await conn.select().from(business).where(and(where, eq(business.id, actor.businessId))).limit(1);
    if (row) access = { business: row, role: apiKeyRole(actor), actor };
  } else {
    const [row] = await conn
      .select({ business, role: membership.role })
      .from(business)
      .innerJoin(membership, and(eq(membership.businessId, business.id), eq(membership.userId, actor.userId)))
      .where(where)
      .limit(1);
    if (row) access = { business: row.business, role: row.role, actor };
  }
  if (!access) throw new NotFoundError("business");
  requirePermission(access, permission);
  return access;
}

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
