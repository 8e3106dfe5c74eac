import { createHash, randomBytes } from "node:crypto";
import { and, asc, eq, isNull, lt, or } from "drizzle-orm";
import { getDb } from "@/db";
import { apiKey, user, type ApiKey } from "@/db/schema";
import { actorUserId, type Actor, type ApiKeyActor } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/errors";
import { afterCursor, toPage, type Page, type PageQuery } from "@/lib/pagination";
import { businessAccess, inBusiness } from "@/lib/tenancy/access";
import type { CreateApiKeyInput } from "./schemas";

export type ApiKeyView = Pick<ApiKey, "id" | "name" | "prefix" | "scopes" | "lastUsedAt" | "createdAt"> & {
  createdBy: { id: string; name: string } | null;
};

const SECRET_PREFIX = "prl_";
const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");

export async function listApiKeys(actor: Actor, businessId: string, query: PageQuery): Promise<Page<ApiKeyView>> {
  const access = await businessAccess(actor, { id: businessId }, "apiKeys.manage");
  const db = await getDb();
  const rows = await db
    .select({ key: apiKey, creatorName: user.name })
    .from(apiKey)
    .leftJoin(user, eq(user.id, apiKey.createdBy))
    .where(inBusiness(apiKey.businessId, access, isNull(apiKey.revokedAt), afterCursor(query.cursor, apiKey.createdAt, apiKey.id)))
    .orderBy(asc(apiKey.createdAt), asc(apiKey.id))
    .limit(query.limit + 1);
  const page = toPage(rows, query.limit, ({ key }) => ({ at: key.createdAt, id: key.id }));
  return { ...page, data: page.data.map(toView) };
}

function toView({ key, creatorName }: { key: ApiKey; creatorName: string | null }): ApiKeyView {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    lastUsedAt: key.lastUsedAt,
    createdAt: key.createdAt,
    createdBy: key.createdBy ? { id: key.createdBy, name: creatorName ?? "" } : null,
  };
}

/** Creates a key and returns its secret: the only time it exists outside the caller's hands. */
export async function createApiKey(actor: Actor, businessId: string, input: CreateApiKeyInput): Promise<ApiKeyView & { secret: string }> {
  const access = await businessAccess(actor, { id: businessId }, "apiKeys.manage");
  const secret = `${SECRET_PREFIX}${randomBytes(32).toString("base64url")}`;
  const db = await getDb();
  const [created] = await db
    .insert(apiKey)
    .values({
      businessId: access.business.id,
      name: input.name,
      prefix: secret.slice(0, 12),
      secretHash: hashSecret(secret),
      scopes: [...new Set(input.scopes)],
      createdBy: actorUserId(actor),
    })
    .returning();
  if (!created) throw new Error("insert returned no api key");
  const creator = actorUserId(actor);
  const [creatorRow] = creator ? await db.select({ name: user.name }).from(user).where(eq(user.id, creator)) : [];
  return { ...toView({ key: created, creatorName: creatorRow?.name ?? null }), secret };
}

/** Revoking takes effect on the key's very next request. */
export async function revokeApiKey(actor: Actor, businessId: string, keyId: string): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "apiKeys.manage");
  const db = await getDb();
  const revoked = await db
    .update(apiKey)
    .set({ revokedAt: new Date() })
    .where(inBusiness(apiKey.businessId, access, eq(apiKey.id, keyId), isNull(apiKey.revokedAt)))
    .returning({ id: apiKey.id });
  if (revoked.length === 0) throw new NotFoundError("API key");
}

const LAST_USED_RESOLUTION_MS = 60_000;

/** The actor of a Bearer secret, or null when it is unknown or revoked. Records "last used". */
export async function actorForApiKey(secret: string): Promise<ApiKeyActor | null> {
  if (!secret.startsWith(SECRET_PREFIX) || secret.length > 200) return null;
  const db = await getDb();
  const [found] = await db
    .select()
    .from(apiKey)
    .where(and(eq(apiKey.secretHash, hashSecret(secret)), isNull(apiKey.revokedAt)))
    .limit(1);
  if (!found) return null;
  // At most one write a minute per key, so a busy integration does not write on every call.
  const staleBefore = new Date(Date.now() - LAST_USED_RESOLUTION_MS);
  await db
    .update(apiKey)
    .set({ lastUsedAt: new Date() })
    .where(and(eq(apiKey.id, found.id), or(isNull(apiKey.lastUsedAt), lt(apiKey.lastUsedAt, staleBefore))));
  return { kind: "apiKey", keyId: found.id, businessId: found.businessId, scopes: found.scopes };
}
