import type { Message } from "@/db/schema";

/** Characters per token, roughly, for English text; enough to keep a prompt inside its budget. */
const CHARS_PER_TOKEN = 4;
/** A conservative context window: models with larger ones still answer well from recent turns. */
const CONTEXT_TOKENS = 8_000;
/** Room kept for the system prompt and tool descriptions. */
const SYSTEM_RESERVE_TOKENS = 2_000;

/**
 * The most recent messages that fit the model's context beside the reply it may write, oldest
 * first; older ones are dropped first. The newest message is always kept, cut if it alone is too long.
 */
export function historyWithinBudget(history: Message[], maxOutputTokens: number, contextTokens = CONTEXT_TOKENS): Message[] {
  let budget = Math.max(500, contextTokens - SYSTEM_RESERVE_TOKENS - maxOutputTokens) * CHARS_PER_TOKEN;
  const kept: Message[] = [];
  for (let i = history.length - 1; i >= 0; i--) {
    const m = history[i]!;
    if (m.content.length > budget) {
      if (kept.length === 0) kept.push({ ...m, content: m.content.slice(-budget) });
      break;
    }
    budget -= m.content.length;
    kept.push(m);
  }
  return kept.reverse();
}
