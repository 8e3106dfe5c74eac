import { APICallError, stepCountIs, streamText, tool, zodSchema, type ModelMessage } from "ai";
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { prepared } from "@/db/prepared";
import { agent as agentTable, business as businessTable, contact as contactTable, conversation as conversationTable, message } from "@/db/schema";
import type { Agent, Message } from "@/db/schema";
import { recordError } from "@/lib/observability/error-log";
import { oneAtATime } from "@/lib/one-at-a-time";
import { businessConfig } from "./config-cache";
import { finishTurn, type Released } from "./finish";
import { decideAdvance, decideCapture, decideEnd, decideHandoff, type Pipeline, type TurnState, type Verdict } from "./decisions";
import { emitEngineEvent, onConversationEvents } from "./events";
import { matchedHandoffKeyword } from "./handoff";
import { nextPosition } from "./position";
import { historyWithinBudget } from "./history";
import { releaseTurnLease, takeTurnLease } from "./lease";
import { resolveModel, type ResolvedModel } from "./models";
import { estimateCost } from "./pricing";
import { renderFor, systemPrompt, templateContext, templateOf } from "./prompt";
import { scriptedToolCalls } from "./scripted-rules";

const DEFAULT_FALLBACK = "Sorry, I can't answer right now. Someone from our team will get back to you here.";

export type Loaded = NonNullable<Awaited<ReturnType<typeof load>>>;

/** How much history a turn reads; the model's context budget trims it further. */
const HISTORY_LIMIT = 200;

const loadConversation = prepared((db) =>
  db
    .select({ conversation: conversationTable, business: businessTable, contact: contactTable, agent: agentTable })
    .from(conversationTable)
    .innerJoin(businessTable, eq(businessTable.id, conversationTable.businessId))
    .innerJoin(contactTable, eq(contactTable.id, conversationTable.contactId))
    .leftJoin(agentTable, eq(agentTable.id, conversationTable.agentId))
    .where(eq(conversationTable.id, sql.placeholder("conversationId")))
    .prepare("turn_load_conversation"),
);

const loadHistory = prepared((db) =>
  db
    .select()
    .from(message)
    .where(and(eq(message.conversationId, sql.placeholder("conversationId")), inArray(message.role, ["contact", "assistant", "staff"])))
    .orderBy(desc(message.seq))
    .limit(HISTORY_LIMIT)
    .prepare("turn_load_history"),
);

async function load(conversationId: string) {
  const [[row], recent] = await Promise.all([(await loadConversation()).execute({ conversationId }), (await loadHistory()).execute({ conversationId })]);
  if (!row) return null;
  const { pipeline, templates } = await businessConfig(row.business.id);
  const history = recent.reverse();
  const pending = history.filter((m) => m.role === "contact" && m.status === "pending");
  return { ...row, pipeline, templates, pending, history: history.filter((m) => m.content.trim() !== "") };
}

/** The stage a conversation is in, or where its agent starts. */
function currentStageId(loaded: Loaded): string | null {
  const { conversation, agent, pipeline } = loaded;
  if (pipeline.byId(conversation.stageId)) return conversation.stageId;
  return pipeline.byId(agent?.entryStageId ?? null)?.id ?? pipeline.stages.find((s) => s.isEntry && !s.archivedAt)?.id ?? null;
}

/** Why the AI must not answer this turn and a human should, if it must not. */
function ruleHandoff(loaded: Loaded, stageId: string | null): string | null {
  const { agent, conversation, pending, pipeline } = loaded;
  if (!agent) return "The conversation's agent was deleted.";
  if (agent.status === "paused") return `${agent.name} is paused.`;
  const keyword = matchedHandoffKeyword(agent.handoffRules.keywords, pending.map((m) => m.content).join("\n"));
  if (keyword) return `The contact wrote “${keyword}”.`;
  const max = agent.handoffRules.maxAiTurns;
  if (max !== null && conversation.aiTurns >= max) return `${max} AI replies reached.`;
  const stage = pipeline.byId(stageId);
  if (stage?.requestsHuman) return `Stage “${stage.name}” requests a human.`;
  return null;
}

type Generation = { text: string; complete: boolean; resolved: ResolvedModel; inputTokens: number | null; outputTokens: number | null; firstTokenMs: number | null; error?: string };

// Built once: the AI SDK derives (and keeps) each schema's JSON Schema on first use.
const toolInputs = {
  advance_stage: zodSchema(z.object({ stage: z.string().describe("The key of the next stage."), reason: z.string().optional() })),
  capture_field: zodSchema(z.object({ key: z.string(), value: z.union([z.string(), z.number()]) })),
  request_handoff: zodSchema(z.object({ reason: z.string().optional() })),
  end_conversation: zodSchema(z.object({ reason: z.string().optional() })),
};

/** The engine's tools: each proposal is checked against the stage graph before it changes anything. */
function engineTools(state: TurnState, pipeline: Pipeline, verdicts: Verdict[]) {
  const record = (v: Verdict) => (verdicts.push(v), { accepted: v.accepted, result: v.reason });
  return {
    advance_stage: tool({
      description: "Move the conversation to one of the stages you may move to, once the current stage's goal is met.",
      inputSchema: toolInputs.advance_stage,
      execute: async (input) => record(decideAdvance(state, pipeline, input)),
    }),
    capture_field: tool({
      description: "Record a value the contact gave for one of the current stage's fields.",
      inputSchema: toolInputs.capture_field,
      execute: async (input) => record(decideCapture(state, pipeline, input)),
    }),
    request_handoff: tool({
      description: "Hand the conversation to a human of the team.",
      inputSchema: toolInputs.request_handoff,
      execute: async (input) => record(decideHandoff(state, input)),
    }),
    end_conversation: tool({
      description: "Resolve the conversation; only in a final stage, when the contact is done.",
      inputSchema: toolInputs.end_conversation,
      execute: async (input) => record(decideEnd(state, pipeline, input)),
    }),
  };
}

/**
 * Streams one reply. Timeouts: the first token must come within the agent's first-token limit and
 * the whole reply within its reply limit. Errors before the first token surface (so the caller can
 * try the fallback model); a stream cut after it keeps the partial text, marked incomplete.
 */
async function generate(
  resolved: ResolvedModel,
  input: { system: string; messages: ModelMessage[]; agent: Agent; state: TurnState; pipeline: Pipeline; verdicts: Verdict[]; muted: AbortSignal },
  onDelta: (delta: string) => void,
): Promise<Generation> {
  const { agent } = input;
  const started = performance.now();
  const controller = new AbortController();
  const firstTokenTimer = setTimeout(() => controller.abort(new Error(`no first token within ${agent.firstTokenTimeoutMs} ms`)), agent.firstTokenTimeoutMs);
  const replyTimer = setTimeout(() => controller.abort(new Error(`no complete reply within ${agent.replyTimeoutMs} ms`)), agent.replyTimeoutMs);
  let text = "";
  let firstTokenMs: number | null = null;
  try {
    const result = streamText({
      model: resolved.model,
      system: input.system,
      messages: input.messages,
      tools: engineTools(input.state, input.pipeline, input.verdicts),
      stopWhen: stepCountIs(4),
      temperature: agent.temperature,
      maxOutputTokens: agent.maxOutputTokens,
      // Retries are the engine's (withRetries): shorter waits suit a person waiting in a chat.
      maxRetries: 0,
      abortSignal: AbortSignal.any([controller.signal, input.muted]),
      // Errors arrive as stream parts and are handled below; the SDK's default logs them to stderr.
      onError: () => {},
    });
    for await (const part of result.fullStream) {
      if (part.type === "text-delta") {
        if (firstTokenMs === null) {
          firstTokenMs = Math.round(performance.now() - started);
          clearTimeout(firstTokenTimer);
        }
        text += part.text;
        onDelta(part.text);
      } else if (part.type === "tool-call" && firstTokenMs === null) {
        // A tool call is the model answering: the first-token limit is met.
        clearTimeout(firstTokenTimer);
      } else if (part.type === "error") {
        throw part.error;
      } else if (part.type === "abort") {
        throw controller.signal.reason ?? input.muted.reason ?? new Error("aborted");
      }
    }
    const usage = await result.totalUsage;
    return { text, complete: true, resolved, inputTokens: usage.inputTokens ?? null, outputTokens: usage.outputTokens ?? null, firstTokenMs };
  } catch (error) {
    if (text === "") throw error;
    return { text, complete: false, resolved, inputTokens: null, outputTokens: null, firstTokenMs, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(firstTokenTimer);
    clearTimeout(replyTimer);
  }
}

/** Waits before retry n (0-based): the provider's Retry-After when short, else 400 ms, 1.2 s. */
function retryDelayMs(error: APICallError, attempt: number): number {
  const retryAfter = Number(error.responseHeaders?.["retry-after"]);
  if (Number.isFinite(retryAfter) && retryAfter >= 0 && retryAfter <= 5) return retryAfter * 1000;
  return 400 * 3 ** attempt;
}

const MAX_RETRIES = 2;

/** Retries rate limits and server errors (429, 5xx) that came before the first token. */
async function withRetries<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 0; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (n >= MAX_RETRIES || !APICallError.isInstance(error) || !error.isRetryable) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(error, n)));
    }
  }
}

/** Turns the stored history into model messages: contact → user, assistant and staff → assistant. */
function modelMessages(history: Message[]): ModelMessage[] {
  return history.map((m) => (m.role === "contact" ? { role: "user" as const, content: m.content } : { role: "assistant" as const, content: m.content }));
}

/**
 * One turn of a conversation, under its lease: one generation per conversation at a time across
 * every instance. Runs only through `scheduleTurn`, which also serialises turns within this one.
 */
async function runTurn(conversationId: string): Promise<void> {
  const leased = await takeTurnLease(conversationId);
  if (!leased) return;
  let released: Released | null = null;
  try {
    // The usual turn releases the lease in the statement that writes its outcome.
    released = await answerPending(conversationId, leased.lastSeq);
  } finally {
    released ??= { arrived: await releaseTurnLease(conversationId, leased.lastSeq) };
  }
  if (released.arrived) void scheduleTurn(conversationId);
}

/** Answers every pending contact message together, or hands over. */
async function answerPending(conversationId: string, lastSeq: number): Promise<Released | null> {
  const loaded = await load(conversationId);
  if (!loaded || loaded.pending.length === 0) return null;
  const { conversation, agent, pipeline, templates } = loaded;
  // While a human holds the conversation the AI stays silent; staff answer the pending messages.
  if (conversation.holder === "human") return null;

  const state: TurnState = { stageId: currentStageId(loaded), captured: { ...conversation.captured }, handoff: null, ended: null, transitions: [] };
  if (state.stageId !== conversation.stageId && state.stageId) state.transitions.push({ fromStageId: null, toStageId: state.stageId, reason: "Entry stage." });
  const ruled = ruleHandoff(loaded, state.stageId);
  if (ruled || !agent) {
    return finishTurn(loaded, state, { handoff: ruled ?? "No agent.", reply: null }, lastSeq);
  }

  const context = () => templateContext({ ...loaded, agent, stage: pipeline.byId(state.stageId), captured: state.captured });
  const replyTemplates = () => templates.filter((t) => t.kind === "reply" && t.stageId === state.stageId);
  const plan = {
    toolCalls: (text: string) => {
      const stage = pipeline.byId(state.stageId);
      if (!stage) return [];
      const next = pipeline.allowedFrom(stage.id);
      return scriptedToolCalls(stage, pipeline.stages, next.length === 1 ? next[0]! : null, state.captured, text);
    },
    reply: async () => {
      const options = replyTemplates();
      const chosen = options[conversation.aiTurns % Math.max(1, options.length)];
      return (await renderFor(chosen, context())) ?? (await renderFor(templateOf(templates, agent.fallbackTemplateId), context())) ?? DEFAULT_FALLBACK;
    },
  };

  // The reply's row is written while the model starts, not before: the first token need not wait
  // for it. Its id is known now, so the streamed deltas can name it.
  const replyTo = loaded.pending.at(-1)!.seq;
  const placeholder = { id: randomUUID() };
  const placeholderWrite = (async () => {
    const [row] = await (await insertPlaceholder()).execute({ id: placeholder.id, businessId: conversation.businessId, conversationId });
    emitEngineEvent({ type: "message", businessId: conversation.businessId, conversationId, message: row! });
    return row!;
  })();

  const system = await systemPrompt({ agent, templates, pipeline, stage: pipeline.byId(state.stageId), context: context() });
  const messages = modelMessages(historyWithinBudget(loaded.history, agent.maxOutputTokens));
  const verdicts: Verdict[] = [];
  const started = performance.now();
  const onDelta = (delta: string) => emitEngineEvent({ type: "delta", businessId: conversation.businessId, conversationId, messageId: placeholder.id, replyTo, delta });
  const failures: string[] = [];
  let generation: Generation | null = null;
  // Taking over mutes the AI at once, even mid-reply (other instances: finishTurn checks again).
  const muted = new AbortController();
  const stopWatching = onConversationEvents(conversationId, (event) => {
    if (event.type === "conversation" && event.conversation.holder === "human") muted.abort(new Error("A human took over."));
  });
  try {
    for (const which of ["primary", "fallback"] as const) {
      if (muted.signal.aborted) break;
      let resolved: ResolvedModel | null = null;
      try {
        // Finding the model can fail too (its stored key no longer decrypts): a model failure like any other.
        resolved = await resolveModel(agent, which, plan);
        if (!resolved) continue;
        const model = resolved;
        generation = await withRetries(async () => {
          // A failed attempt may have applied tool calls; the next one starts from the same state.
          const saved = { state: structuredClone(state), verdicts: verdicts.length };
          try {
            return await generate(model, { system, messages, agent, state, pipeline, verdicts, muted: muted.signal }, onDelta);
          } catch (error) {
            Object.assign(state, saved.state);
            verdicts.length = saved.verdicts;
            throw error;
          }
        });
        break;
      } catch (error) {
        const label = resolved ? `${resolved.provider}/${resolved.modelId}` : `the ${which} model`;
        failures.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    stopWatching();
  }
  const streamed = await placeholderWrite;
  if (!generation) {
    // Every model failed before its first token: the fallback template answers, and by the
    // agent's rule a human takes over.
    const text = muted.signal.aborted ? "" : ((await renderFor(templateOf(templates, agent.fallbackTemplateId), context())) ?? DEFAULT_FALLBACK);
    if (agent.handoffRules.onProviderError === "handoff") state.handoff ??= "The model could not answer.";
    return finishTurn(
      loaded,
      state,
      { handoff: state.handoff, reply: { ...streamed, content: text, status: "complete", meta: { fallback: true, errors: failures, verdicts } } },
      lastSeq,
    );
  }

  const latencyMs = Math.round(performance.now() - started);
  const { resolved } = generation;
  const reply: Message = {
    ...streamed,
    content: generation.text,
    status: generation.complete ? "complete" : "incomplete",
    provider: resolved.provider,
    model: resolved.modelId,
    inputTokens: generation.inputTokens,
    outputTokens: generation.outputTokens,
    firstTokenMs: generation.firstTokenMs,
    latencyMs,
    costUsd: estimateCost(resolved.modelId, agent.prices, generation.inputTokens, generation.outputTokens),
    meta: {
      verdicts,
      ...(failures.length ? { errors: failures } : {}),
      ...(generation.error ? { cut: generation.error } : {}),
      // The playground shows the prompt behind each reply; other channels need not store it.
      ...(conversation.channel === "playground" ? { system } : {}),
    },
  };
  return finishTurn(loaded, state, { handoff: state.handoff, reply }, lastSeq);
}

/** The streaming reply's row, at the conversation's next position, in one statement. */
const insertPlaceholder = prepared((db) => {
  const { position, seq } = nextPosition(db, eq(conversationTable.id, sql.placeholder("conversationId")));
  return db
    .with(position)
    .insert(message)
    .values({ id: sql.placeholder("id"), businessId: sql.placeholder("businessId"), conversationId: sql.placeholder("conversationId"), seq, role: "assistant", content: "", status: "streaming" })
    .returning()
    .prepare("turn_insert_placeholder");
});

const turnsInOrder = oneAtATime("engine.turns");

/**
 * Runs a turn after any turn of the same conversation already under way, so there is one
 * generation per conversation at a time; messages that arrive meanwhile are all answered by the
 * next turn (a queued turn that finds nothing pending ends at once). Never rejects: a failed turn
 * is recorded.
 */
export function scheduleTurn(conversationId: string): Promise<void> {
  return turnsInOrder(conversationId, () => runTurn(conversationId)).catch((error: unknown) => recordError(error, { source: "engine.turn" }));
}
