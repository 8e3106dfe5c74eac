import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { widgetSecret } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { openSecret, SecretBoxError, sealSecret } from "@/lib/crypto/secret-box";
import { logger } from "@/lib/observability/logger";
import { businessAccess } from "@/lib/tenancy/access";
import type { IdentityInput } from "./schemas";

/** Binds the sealed secret to its business, so one business's ciphertext cannot be replayed as another's. */
const context = (businessId: string) => `widget-secret:${businessId}`;

export type WidgetSecretView = { hint: string; createdAt: Date };

/** A new widget secret for the business, replacing the old one at once; the plaintext is returned this once only. */
export async function rotateWidgetSecret(actor: Actor, businessId: string): Promise<WidgetSecretView & { secret: string }> {
  const access = await businessAccess(actor, { id: businessId }, "business.update");
  const secret = `wsec_${randomBytes(32).toString("base64url")}`;
  const row = { sealed: sealSecret(secret, context(access.business.id)), hint: secret.slice(-4), createdBy: actorUserId(actor), createdAt: new Date() };
  const db = await getDb();
  await db
    .insert(widgetSecret)
    .values({ businessId: access.business.id, ...row })
    .onConflictDoUpdate({ target: widgetSecret.businessId, set: row });
  return { secret, hint: row.hint, createdAt: row.createdAt };
}

/** Which secret is in use (its last characters), or null when the business has none yet. */
export async function widgetSecretHint(actor: Actor, businessId: string): Promise<WidgetSecretView | null> {
  const access = await businessAccess(actor, { id: businessId }, "business.read");
  const db = await getDb();
  const [row] = await db.select({ hint: widgetSecret.hint, createdAt: widgetSecret.createdAt }).from(widgetSecret).where(eq(widgetSecret.businessId, access.business.id));
  return row ?? null;
}

/** The business's secret; null when it has none, or when it cannot be opened (the app secret changed): nobody verifies then. */
async function secretOf(businessId: string): Promise<string | null> {
  const db = await getDb();
  const [row] = await db.select({ sealed: widgetSecret.sealed }).from(widgetSecret).where(eq(widgetSecret.businessId, businessId));
  if (!row) return null;
  try {
    return openSecret(row.sealed, context(businessId));
  } catch (error) {
    if (!(error instanceof SecretBoxError)) throw error;
    logger().warn({ businessId }, "the widget secret cannot be opened with this AUTH_SECRET; create a new one");
    return null;
  }
}

const sameBytes = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);
const hmac = (secret: string, data: string) => createHmac("sha256", secret).update(data).digest();

/** An HS256 JWT signed with the secret, unexpired, whose `sub` is the claimed user id. */
function validJwt(jwt: string, secret: string, userId: string, now: number): boolean {
  const [header, payload, signature, ...rest] = jwt.split(".");
  if (!header || !payload || !signature || rest.length > 0) return false;
  if (!sameBytes(Buffer.from(signature, "base64url"), hmac(secret, `${header}.${payload}`))) return false;
  try {
    const { alg } = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg?: unknown };
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { sub?: unknown; exp?: unknown };
    return alg === "HS256" && claims.sub === userId && (claims.exp === undefined || (typeof claims.exp === "number" && claims.exp * 1000 > now));
  } catch {
    return false;
  }
}

/**
 * Whether the host page proved the identity it claims: `signature` is the hex HMAC-SHA256 of the
 * user id, or `jwt` an HS256 token with `sub` = the user id, both with the business's widget secret.
 */
export async function identityVerified(businessId: string, identity: IdentityInput, now = Date.now()): Promise<boolean> {
  if (!identity.signature && !identity.jwt) return false;
  const secret = await secretOf(businessId);
  if (!secret) return false;
  if (identity.signature) return sameBytes(Buffer.from(identity.signature.toLowerCase(), "hex"), hmac(secret, identity.userId));
  return validJwt(identity.jwt!, secret, identity.userId, now);
}
