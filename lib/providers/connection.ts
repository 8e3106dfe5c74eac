import { APICallError, generateText } from "ai";
import type { Provider } from "@/db/schema";
import { isKeyedProvider, providerCatalogue } from "./catalogue";
import { remoteModel } from "./models";

export type ConnectionSettings = { provider: Provider; model: string; baseUrl?: string | null; apiKey?: string | null };
export type ConnectionResult = { ok: true; latencyMs: number; sample: string } | { ok: false; error: string };

export const CONNECTION_TIMEOUT_MS = 15_000;

const DEFAULT_ADDRESS: Record<Exclude<Provider, "scripted">, string> = {
  openai: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
  "openai-compatible": "",
};

/**
 * Makes one tiny real call to the provider and answers what a person can act on: it works, or
 * the key is wrong, the model does not exist, the address cannot be reached, or it timed out.
 */
export async function testConnection(settings: ConnectionSettings, timeoutMs = CONNECTION_TIMEOUT_MS): Promise<ConnectionResult> {
  const { provider, model } = settings;
  if (!isKeyedProvider(provider)) return { ok: true, latencyMs: 0, sample: "The scripted model runs offline." };
  const info = providerCatalogue[provider];
  if (info.requiresKey && !settings.apiKey) {
    return { ok: false, error: `No API key: enter one${info.envKey ? `, or set ${info.envKey} on the server` : ""}.` };
  }
  const address = settings.baseUrl || DEFAULT_ADDRESS[provider];
  const signal = AbortSignal.timeout(timeoutMs);
  const started = performance.now();
  try {
    const result = await generateText({
      model: remoteModel({ ...settings, provider }),
      prompt: "Reply with one word: ready",
      maxOutputTokens: 5,
      maxRetries: 0,
      abortSignal: signal,
    });
    return { ok: true, latencyMs: Math.round(performance.now() - started), sample: result.text.trim().slice(0, 200) };
  } catch (error) {
    if (signal.aborted) return { ok: false, error: `Timed out: ${address} did not answer within ${Math.round(timeoutMs / 1000)} s.` };
    return { ok: false, error: describeFailure(error, model, address) };
  }
}

/** Turns an SDK failure into one clear sentence; never echoes the key. */
export function describeFailure(error: unknown, model: string, address: string): string {
  if (APICallError.isInstance(error)) {
    const status = error.statusCode;
    if (status === undefined) return `Cannot reach ${address}: check the address and that the server is running.`;
    if (status === 401 || status === 403) return `Invalid API key (${status}): the provider refused it.`;
    if (status === 404) return `Model “${model}” not found (404): check the model name${address ? ` and the base URL ${address}` : ""}.`;
    if (status === 429) return "Rate limited or out of credit (429): the key works, but the provider refused more requests for now.";
    return `The provider answered ${status}: ${providerMessage(error)}`;
  }
  return `The call failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 300);
}

function providerMessage(error: APICallError): string {
  return error.message.replace(/\s+/g, " ").slice(0, 200);
}
