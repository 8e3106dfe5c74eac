import { and, asc, eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { providerCredential, user, type Provider } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { openSecret, sealSecret } from "@/lib/crypto/secret-box";
import { env } from "@/lib/env";
import { invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { NotFoundError } from "@/lib/errors";
import { businessAccess, inBusiness, type BusinessAccess } from "@/lib/tenancy/access";
import { providerCatalogue, keyHint, type KeyedProvider } from "./catalogue";

/** All that is ever shown of a stored key. */
export type CredentialView = { provider: KeyedProvider; hint: string; updatedAt: Date; updatedBy: { id: string; name: string } | null };

// The ciphertext is bound to its row's owner, so it cannot be replayed into another business.
const sealContext = (businessId: string, provider: Provider) => `${businessId}:${provider}`;

export async function listProviderCredentials(actor: Actor, businessId: string): Promise<CredentialView[]> {
  const access = await businessAccess(actor, { id: businessId }, "agents.read");
  return credentialViews(access);
}

async function credentialViews(access: BusinessAccess, provider?: KeyedProvider, db?: DbOrTx): Promise<CredentialView[]> {
  const conn = db ?? (await getDb());
  const rows = await conn
    .select({ provider: providerCredential.provider, hint: providerCredential.hint, updatedAt: providerCredential.updatedAt, updatedBy: providerCredential.updatedBy, name: user.name })
    .from(providerCredential)
    .leftJoin(user, eq(user.id, providerCredential.updatedBy))
    .where(inBusiness(providerCredential.businessId, access, provider ? eq(providerCredential.provider, provider) : undefined))
    .orderBy(asc(providerCredential.provider));
  return rows.map((row) => ({
    provider: row.provider as KeyedProvider,
    hint: row.hint,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy ? { id: row.updatedBy, name: row.name ?? "" } : null,
  }));
}

/**
 * Stores (or replaces) a business's key for a provider, encrypted. Takes an established access
 * and an optional transaction so the agent form can save the agent and its key atomically.
 */
export async function storeCredential(access: BusinessAccess, provider: KeyedProvider, apiKey: string, db?: DbOrTx): Promise<CredentialView> {
  const conn = db ?? (await getDb());
  const values = {
    secret: sealSecret(apiKey, sealContext(access.business.id, provider)),
    hint: keyHint(apiKey),
    updatedBy: actorUserId(access.actor),
    updatedAt: new Date(),
  };
  await conn
    .insert(providerCredential)
    .values({ businessId: access.business.id, provider, ...values })
    .onConflictDoUpdate({ target: [providerCredential.businessId, providerCredential.provider], set: values });
  const [view] = await credentialViews(access, provider, conn);
  if (!view) throw new Error("stored credential not found");
  return view;
}

export async function setProviderCredential(actor: Actor, businessId: string, provider: KeyedProvider, apiKey: string): Promise<CredentialView> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  const stored = await storeCredential(access, provider, apiKey);
  invalidateBusinessConfig(access.business.id);
  return stored;
}

export async function removeProviderCredential(actor: Actor, businessId: string, provider: KeyedProvider): Promise<void> {
  const access = await businessAccess(actor, { id: businessId }, "agents.write");
  const db = await getDb();
  const removed = await db
    .delete(providerCredential)
    .where(inBusiness(providerCredential.businessId, access, eq(providerCredential.provider, provider)))
    .returning({ id: providerCredential.id });
  if (removed.length === 0) throw new NotFoundError("provider credential");
  invalidateBusinessConfig(access.business.id);
}

/**
 * The key to call a provider with on behalf of a business: its own stored key, else the
 * server-wide one from the environment, else null. For server-side callers only (the
 * conversation engine, the connection test); the result must never be sent to a client.
 */
export async function providerApiKey(businessId: string, provider: Provider): Promise<string | null> {
  if (provider === "scripted") return null;
  const db = await getDb();
  const [row] = await db
    .select({ secret: providerCredential.secret })
    .from(providerCredential)
    .where(and(eq(providerCredential.businessId, businessId), eq(providerCredential.provider, provider)))
    .limit(1);
  if (row) return openSecret(row.secret, sealContext(businessId, provider));
  const envKey = providerCatalogue[provider].envKey;
  return (envKey && env()[envKey]) || null;
}
