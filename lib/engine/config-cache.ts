import { asc, eq } from "drizzle-orm";
import { getDb } from "@/db";
import { stage, template, type Provider, type Template } from "@/db/schema";
import { processWide } from "@/lib/process-wide";
import { providerApiKey } from "@/lib/providers/credentials";
import { Pipeline } from "./decisions";

type BusinessConfig = { pipeline: Pipeline; templates: Template[]; keys: Map<Provider, Promise<string | null>>; loadedAt: number; refreshing?: boolean };

/**
 * How long another instance may serve a stale copy after an admin's edit. On the instance that
 * made the edit, `invalidateBusinessConfig` clears it at once.
 */
const TTL_MS = 5_000;
/**
 * A copy older than this is still served, and reloaded in the background: a business that keeps
 * talking never waits for its configuration to load (a turn would otherwise pay two queries and a
 * key decryption every few messages).
 */
const REFRESH_AFTER_MS = TTL_MS / 2;

const cache = processWide("engine.config", () => new Map<string, Promise<BusinessConfig>>());

async function loadConfig(businessId: string, keysInUse: Iterable<Provider> = []): Promise<BusinessConfig> {
  const loadedAt = Date.now();
  const db = await getDb();
  const [stages, templates] = await Promise.all([
    db.select().from(stage).where(eq(stage.businessId, businessId)).orderBy(asc(stage.position)),
    db.select().from(template).where(eq(template.businessId, businessId)),
  ]);
  const keys = new Map<Provider, Promise<string | null>>();
  for (const provider of keysInUse) keys.set(provider, providerApiKey(businessId, provider));
  return { pipeline: new Pipeline(stages), templates, keys, loadedAt };
}

function load(businessId: string): Promise<BusinessConfig> {
  const loading = loadConfig(businessId);
  cache.set(businessId, loading);
  loading.catch(() => cache.delete(businessId));
  return loading;
}

/** Reloads a copy while it is still served; an edit on this instance meanwhile wins over it. */
function refresh(businessId: string, current: Promise<BusinessConfig>, config: BusinessConfig): void {
  config.refreshing = true;
  loadConfig(businessId, config.keys.keys()).then(
    (fresh) => {
      if (cache.get(businessId) === current) cache.set(businessId, Promise.resolve(fresh));
    },
    // The copy stays until it expires; the load then made in the turn's path reports the failure.
    () => (config.refreshing = false),
  );
}

/** A business's stages, templates and provider keys, as the engine needs them on every turn. */
export async function businessConfig(businessId: string): Promise<BusinessConfig> {
  const cached = cache.get(businessId);
  if (cached) {
    const config = await cached;
    const age = Date.now() - config.loadedAt;
    if (age < TTL_MS) {
      if (age >= REFRESH_AFTER_MS && !config.refreshing) refresh(businessId, cached, config);
      return config;
    }
  }
  return load(businessId);
}

/** The key to call a provider with (stored or from the environment), decrypted once per load. */
export async function cachedProviderKey(businessId: string, provider: Provider): Promise<string | null> {
  const config = await businessConfig(businessId);
  let key = config.keys.get(provider);
  if (!key) {
    const loading = providerApiKey(businessId, provider);
    // A key that failed to load is not kept: the next turn tries again.
    loading.catch(() => config.keys.get(provider) === loading && config.keys.delete(provider));
    config.keys.set(provider, (key = loading));
  }
  return key;
}

/** Called by every service that changes stages, templates, agents or provider credentials. */
export function invalidateBusinessConfig(businessId: string): void {
  cache.delete(businessId);
}
