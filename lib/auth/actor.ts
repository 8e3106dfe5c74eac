import type { Role } from "@/db/schema";
import { ForbiddenError } from "@/lib/errors";

/**
 * Who is asking. Services take an actor and decide from it what the caller may see and do:
 * a signed-in user (through their memberships), or a business API key (its one business only).
 */
export type UserActor = { kind: "user"; userId: string };
export type ApiKeyActor = { kind: "apiKey"; keyId: string; businessId: string; scopes: readonly ("read" | "write")[] };
export type Actor = UserActor | ApiKeyActor;

export const userActor = (userId: string): UserActor => ({ kind: "user", userId });

/** The user behind an actor, or null for an API key (which acts for no person). */
export function actorUserId(actor: Actor): string | null {
  return actor.kind === "user" ? actor.userId : null;
}

/** For operations only a person can do (create a business, accept an invitation…). */
export function requireUserActor(actor: Actor): UserActor {
  if (actor.kind !== "user") throw new ForbiddenError("An API key cannot do this; sign in as a user.");
  return actor;
}

/**
 * The role an API key acts with: `write` keys may change what admins may change, `read` keys
 * read what viewers may read. Owner-only operations (archiving a business, making owners) stay
 * with people.
 */
export function apiKeyRole(actor: ApiKeyActor): Role {
  return actor.scopes.includes("write") ? "admin" : "viewer";
}
