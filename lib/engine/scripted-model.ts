import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3StreamPart, LanguageModelV3Usage } from "@ai-sdk/provider";

/** What the engine tells the scripted model for one turn. */
export type ScriptedPlan = {
  /** The tool calls the contact's latest words call for (keyword rules, capture patterns). */
  toolCalls: (latestContactText: string) => { toolName: string; input: Record<string, unknown> }[];
  /** The reply to send now: asked after the engine has applied (or refused) the tool calls. */
  reply: () => string | Promise<string>;
};

/** Delay between streamed words, so the scripted model streams like a real one. */
const WORD_DELAY_MS = 12;

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => (clearTimeout(timer), reject(signal?.reason));
    const timer = setTimeout(() => (signal?.removeEventListener("abort", onAbort), resolve()), ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** Rough token count (≈ 4 characters a token), for the usage figures. */
const approxTokens = (text: string) => Math.max(1, Math.ceil(text.length / 4));

function usage(input: number, output: number): LanguageModelV3Usage {
  return {
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  };
}

function latestContactText(options: LanguageModelV3CallOptions): string | null {
  const last = options.prompt.at(-1);
  if (last?.role !== "user") return null;
  return last.content.map((part) => (part.type === "text" ? part.text : "")).join(" ");
}

/**
 * The built-in offline model. It implements the AI SDK's language-model interface, so it runs
 * through the very same engine as a real provider: on the contact's message it proposes tool
 * calls (which the engine validates like any model's), and once their results are in — or when
 * there are none — it streams the reply the engine's plan chooses.
 */
export function scriptedModel(plan: ScriptedPlan): LanguageModelV3 {
  const respond = async (options: LanguageModelV3CallOptions) => {
    const inputTokens = approxTokens(JSON.stringify(options.prompt));
    const contactText = latestContactText(options);
    const calls = contactText === null ? [] : plan.toolCalls(contactText);
    if (calls.length > 0) {
      return { kind: "tools" as const, inputTokens, calls: calls.map((c, i) => ({ toolCallId: `scripted-${Date.now()}-${i}`, toolName: c.toolName, input: JSON.stringify(c.input) })) };
    }
    return { kind: "text" as const, inputTokens, text: await plan.reply() };
  };

  return {
    specificationVersion: "v3",
    provider: "scripted",
    modelId: "scripted",
    supportedUrls: {},
    async doGenerate(options) {
      const r = await respond(options);
      if (r.kind === "tools") {
        return { content: r.calls.map((c) => ({ type: "tool-call" as const, ...c })), finishReason: { unified: "tool-calls", raw: "tool_calls" }, usage: usage(r.inputTokens, 10), warnings: [] };
      }
      return { content: [{ type: "text", text: r.text }], finishReason: { unified: "stop", raw: "stop" }, usage: usage(r.inputTokens, approxTokens(r.text)), warnings: [] };
    },
    async doStream(options) {
      const r = await respond(options);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          controller.enqueue({ type: "stream-start", warnings: [] });
          try {
            if (r.kind === "tools") {
              for (const call of r.calls) controller.enqueue({ type: "tool-call", ...call });
              controller.enqueue({ type: "finish", usage: usage(r.inputTokens, 10), finishReason: { unified: "tool-calls", raw: "tool_calls" } });
            } else {
              controller.enqueue({ type: "text-start", id: "reply" });
              for (const word of r.text.match(/\S+\s*|\s+/g) ?? []) {
                await sleep(WORD_DELAY_MS, signal);
                controller.enqueue({ type: "text-delta", id: "reply", delta: word });
              }
              controller.enqueue({ type: "text-end", id: "reply" });
              controller.enqueue({ type: "finish", usage: usage(r.inputTokens, approxTokens(r.text)), finishReason: { unified: "stop", raw: "stop" } });
            }
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return { stream };
    },
  };
}
