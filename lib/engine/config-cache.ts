import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { stage, template, type Provider, type Template } from "@/db/schema";
import { providerApiKey } from "@/lib/providers/credentials";
import { Pipeline } from "./decisions";

type BusinessConfig = { pipeline: Pipeline; templates: Template[]; keys: Map<Provider, Promise<string | null>>; loadedAt: number };

/**
 * How long another instance may serve a stale copy after an admin's edit. On the instance that
 * made the edit, `invalidateBusinessConfig` clears it at once.
 */
const TTL_MS = 5_000;

const cacheKey = Symbol.for("parley.engine.config");
const cache: Map<string, Promise<BusinessConfig>> = ((globalThis as { [cacheKey]?: Map<string, Promise<BusinessConfig>> })[cacheKey] ??= new Map());

async function loadConfig(businessId: string): Promise<BusinessConfig> {
  const db = await getDb();
  const [stages, templates] = await Promise.all([
    db.select().from(stage).where(eq(stage.businessId, businessId)).orderBy(asc(stage.position)),
    db.select().from(template).where(eq(template.businessId, businessId)),
  ]);
  return { pipeline: new Pipeline(stages), templates, keys: new Map(), loadedAt: Date.now() };
}

/** A business's stages, templates and provider keys, as the engine needs them on every turn. */
export async function businessConfig(businessId: string): Promise<BusinessConfig> {
  const cached = cache.get(businessId);
  if (cached) {
    const config = await cached;
    if (Date.now() - config.loadedAt < TTL_MS) return config;
  }
  const loading = loadConfig(businessId);
  cache.set(businessId, loading);
  loading.catch(() => cache.delete(businessId));
  return loading;
}

/** The key to call a provider with (stored or from the environment), decrypted once per load. */
export async function cachedProviderKey(businessId: string, provider: Provider): Promise<string | null> {
  const config = await businessConfig(businessId);
  let key = config.keys.get(provider);
  if (!key) {
    key = providerApiKey(businessId, provider);
    config.keys.set(provider, key);
  }
  return key;
}

/** Called by every service that changes stages, templates, agents or provider credentials. */
export function invalidateBusinessConfig(businessId: string): void {
  cache.delete(businessId);
}
