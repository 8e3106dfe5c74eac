import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { business, invitation, membership, user, type Invitation, type Role } from "@/db/schema";
import { actorUserId, requireUserActor, type Actor } from "@/lib/auth/actor";
import { AppError, ConflictError, ForbiddenError, NotFoundError } from "@/lib/errors";
import { afterCursor, toPage, type Page, type PageQuery } from "@/lib/pagination";
import { reconnectStaff } from "@/lib/realtime/presence";
import { businessAccess, inBusiness, requirePermission, type BusinessAccess } from "@/lib/tenancy/access";
import { canGrant } from "@/lib/tenancy/permissions";
import type { InviteMemberInput } from "./schemas";

export type MemberView = { userId: string; name: string; email: string; role: Role; joinedAt: Date };
export type InvitationView = Pick<Invitation, "id" | "email" | "role" | "expiresAt" | "createdAt">;
/** A new invitation with its link's token: the only time the token exists outside the link. */
export type IssuedInvitation = InvitationView & { token: string };

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function listMembers(actor: Actor, businessId: string, query: PageQuery): Promise<Page<MemberView>> {
  const access = await businessAccess(actor, { id: businessId }, "members.read");
  const db = await getDb();
  const rows = await db
    .select({ userId: user.id, name: user.name, email: user.email, role: membership.role, joinedAt: membership.createdAt })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(inBusiness(membership.businessId, access, afterCursor(query.cursor, membership.createdAt, membership.userId)))
    .orderBy(asc(membership.createdAt), asc(membership.userId))
    .limit(query.limit + 1);
  return toPage(rows, query.limit, (m) => ({ at: m.joinedAt, id: m.userId }));
}

/** Pending (not accepted, not revoked, not expired) invitations of a business. */
export async function listInvitations(actor: Actor, businessId: string): Promise<InvitationView[]> {
  const access = await businessAccess(actor, { id: businessId }, "members.invite");
  const db = await getDb();
  return db
    .select({ id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt, createdAt: invitation.createdAt })
    .from(invitation)
    .where(inBusiness(invitation.businessId, access, pending()))
    .orderBy(asc(invitation.createdAt));
}

function pending() {
  return and(isNull(invitation.acceptedAt), isNull(invitation.revokedAt), gt(invitation.expiresAt, sql`now()`));
}

/**
 * Invites someone by email with a role. The link is single-use and expires in 7 days; inviting
 * the same email again replaces the earlier link.
 */
export async function inviteMember(actor: Actor, businessId: string, input: InviteMemberInput): Promise<IssuedInvitation> {
  const access = await businessAccess(actor, { id: businessId }, "members.invite");
  if (!canGrant(access.role, input.role)) throw new ForbiddenError("Only an owner can invite another owner.");
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [existing] = await tx
      .select({ userId: membership.userId })
      .from(membership)
      .innerJoin(user, eq(user.id, membership.userId))
      .where(inBusiness(membership.businessId, access, eq(user.email, input.email)))
      .limit(1);
    if (existing) throw new ConflictError(`${input.email} is already a member of this business.`);
    await tx
      .update(invitation)
      .set({ revokedAt: new Date() })
      .where(inBusiness(invitation.businessId, access, eq(invitation.email, input.email), pending()));
    const token = randomBytes(32).toString("base64url");
    const [created] = await tx
      .insert(invitation)
      .values({
        businessId: access.business.id,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedBy: actorUserId(actor),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    if (!created) throw new Error("insert returned no invitation");
    return { id: created.id, email: created.email, role: created.role, expiresAt: created.expiresAt, createdAt: created.createdAt, token };
  });
}

export async function revokeInvitation(actor: Actor, businessId: string, invitationId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "members.invite");
  const db = await getDb();
  const revoked = await db
    .update(invitation)
    .set({ revokedAt: new Date() })
    .where(inBusiness(invitation.businessId, access, eq(invitation.id, invitationId), pending()))
    .returning({ id: invitation.id });
  if (revoked.length === 0) throw new NotFoundError("invitation");
}

/** What the invitation page shows before accepting; null for an unknown token. */
export async function describeInvitation(token: string) {
  const db = await getDb();
  const [row] = await db
    .select({ invitation, businessName: business.name, businessSlug: business.slug })
    .from(invitation)
    .innerJoin(business, eq(business.id, invitation.businessId))
    .where(eq(invitation.tokenHash, hashToken(token)))
    .limit(1);
  if (!row) return null;
  const { invitation: inv } = row;
  const usable = !inv.acceptedAt && !inv.revokedAt && inv.expiresAt > new Date();
  return { email: inv.email, role: inv.role, businessName: row.businessName, businessSlug: row.businessSlug, usable };
}

/**
 * Accepts an invitation as the signed-in user, whose email must be the invited one. The update
 * that marks it used is also the check that it was still unused, so a link works exactly once.
 */
export async function acceptInvitation(actor: Actor, token: string): Promise<{ businessSlug: string }> {
  const { userId } = requireUserActor(actor);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [account] = await tx.select({ email: user.email }).from(user).where(eq(user.id, userId));
    const [found] = await tx.select().from(invitation).where(eq(invitation.tokenHash, hashToken(token))).limit(1);
    if (!account || !found) throw new NotFoundError("invitation");
    if (found.email !== account.email) {
      throw new ForbiddenError(`This invitation is for ${found.email}. Sign in with that account to accept it.`);
    }
    const [claimed] = await tx
      .update(invitation)
      .set({ acceptedAt: new Date(), acceptedBy: userId })
      .where(and(eq(invitation.id, found.id), pending()))
      .returning();
    if (!claimed) throw new AppError("invitation_unavailable", "This invitation was already used, was revoked or has expired.");
    await tx
      .insert(membership)
      .values({ businessId: claimed.businessId, userId, role: claimed.role })
      .onConflictDoNothing();
    const [target] = await tx.select({ slug: business.slug }).from(business).where(eq(business.id, claimed.businessId));
    return { businessSlug: target?.slug ?? "" };
  });
}

/** Locks the business's owner rows and counts them, so two concurrent demotions cannot both pass. */
async function ownerCount(tx: DbOrTx, access: BusinessAccess): Promise<number> {
  const owners = await tx
    .select({ userId: membership.userId })
    .from(membership)
    .where(inBusiness(membership.businessId, access, eq(membership.role, "owner")))
    .for("update");
  return owners.length;
}

async function targetMembership(tx: DbOrTx, access: BusinessAccess, userId: string) {
  const [target] = await tx
    .select()
    .from(membership)
    .where(inBusiness(membership.businessId, access, eq(membership.userId, userId)))
    .for("update");
  if (!target) throw new NotFoundError("member");
  return target;
}

export async function changeRole(actor: Actor, businessId: string, userId: string, role: Role): Promise<MemberView> {
  const access = await businessAccess(actor, { id: businessId }, "members.manage");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const target = await targetMembership(tx, access, userId);
    if (!canGrant(access.role, role) || (target.role === "owner" && access.role !== "owner")) {
      throw new ForbiddenError("Only an owner can make or change an owner.");
    }
    if (target.role === "owner" && role !== "owner" && (await ownerCount(tx, access)) <= 1) {
      throw new ConflictError("This is the business's last owner. Make another member an owner first.", "last_owner");
    }
    await tx.update(membership).set({ role }).where(inBusiness(membership.businessId, access, eq(membership.userId, userId)));
  });
  reconnectStaff(userId);
  const [view] = await db
    .select({ userId: user.id, name: user.name, email: user.email, role: membership.role, joinedAt: membership.createdAt })
    .from(membership)
    .innerJoin(user, eq(user.id, membership.userId))
    .where(inBusiness(membership.businessId, access, eq(membership.userId, userId)));
  if (!view) throw new NotFoundError("member");
  return view;
}

/** Removes a member; any member may remove themselves (leave), managers may remove others. */
export async function removeMember(actor: Actor, businessId: string, userId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId });
  const leaving = userId === actorUserId(actor);
  if (!leaving) requirePermission(access, "members.manage");
  const db = await getDb();
  await db.transaction(async (tx) => {
    const target = await targetMembership(tx, access, userId);
    if (!leaving && target.role === "owner" && access.role !== "owner") {
      throw new ForbiddenError("Only an owner can remove an owner.");
    }
    if (target.role === "owner" && (await ownerCount(tx, access)) <= 1) {
      throw new ConflictError("This is the business's last owner. Make another member an owner first.", "last_owner");
    }
    await tx.delete(membership).where(inBusiness(membership.businessId, access, eq(membership.userId, userId)));
  });
  // Their open consoles stop receiving the business's conversations now, not at their next reconnect.
  reconnectStaff(userId);
}
