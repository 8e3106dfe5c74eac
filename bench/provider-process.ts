/**
 * The bench's model: a local OpenAI-compatible streaming server in its own process (its own
 * core), waiting FIRST_TOKEN_DELAY_MS before the first token. Prints its base URL.
 */
import { startStreamingProvider } from "../tests/support/streaming-provider";

const provider = await startStreamingProvider({ firstTokenDelayMs: Number(process.env.FIRST_TOKEN_DELAY_MS ?? 40) });
console.log(provider.baseUrl);
process.on("SIGTERM", () => void provider.close().then(() => process.exit(0)));
