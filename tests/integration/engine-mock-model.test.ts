import type { LanguageModelV3CallOptions, LanguageModelV3StreamPart } from "@ai-sdk/provider";
import { MockLanguageModelV3 } from "ai/test";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { getDb } from "@/db";
import { agent } from "@/db/schema";
import { acceptContactMessage, getConversation, listMessages, postContactMessage, startConversation } from "@/lib/conversations/service";
import { conversationTimeline } from "@/lib/conversations/timeline";
import { scheduleTurn } from "@/lib/engine/turn";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { makeUser, type TestUser } from "./helpers";

/*
 * The engine with the AI SDK's own test model in place of a provider: what the model proposes
 * (tool calls, text) is scripted per test, and the engine's verdicts, stage, captured fields,
 * handoff and ordering are checked. The provider packages over real HTTP are in
 * engine-providers.test.ts.
 */
type Step = { tools?: { name: string; input: Record<string, unknown> }[]; text?: string; gate?: Promise<void> };
const steps: Step[] = [];
const model = new MockLanguageModelV3({
  doStream: async (options: LanguageModelV3CallOptions) => {
    const step = steps.shift() ?? { text: "Okay." };
    await step.gate;
    const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: undefined, cacheWrite: undefined }, outputTokens: { total: 5, text: 5, reasoning: undefined } };
    const parts: LanguageModelV3StreamPart[] = [{ type: "stream-start", warnings: [] }];
    // Tool calls first; once their results are in (the prompt ends with them), the text.
    if (step.tools && options.prompt.at(-1)?.role !== "tool") {
      step.tools.forEach((t, i) => parts.push({ type: "tool-call", toolCallId: `call-${i}`, toolName: t.name, input: JSON.stringify(t.input) }));
      steps.unshift({ text: step.text ?? "" });
      parts.push({ type: "finish", usage, finishReason: { unified: "tool-calls", raw: "tool_calls" } });
    } else {
      parts.push({ type: "text-start", id: "t" }, { type: "text-delta", id: "t", delta: step.text ?? "" }, { type: "text-end", id: "t" });
      parts.push({ type: "finish", usage, finishReason: { unified: "stop", raw: "stop" } });
    }
    return { stream: new ReadableStream({ start: (c) => (parts.forEach((p) => c.enqueue(p)), c.close()) }) };
  },
});

vi.mock("@/lib/providers/models", () => ({ remoteModel: () => model }));

let owner: TestUser;
let businessId: string;
let conversationId: string;
let sent = 0;

beforeEach(async () => {
  steps.length = 0;
  model.doStreamCalls.length = 0;
  owner = await makeUser("owner");
  businessId = (await createSampleBusiness(owner.actor)).id;
  await (await getDb()).update(agent).set({ provider: "openai", model: "mock" }).where(eq(agent.businessId, businessId));
  conversationId = (await startConversation(owner.actor, businessId, {})).id;
});

const say = (content: string, clientMessageId = `m-${++sent}`) => postContactMessage(owner.actor, businessId, conversationId, { content, clientMessageId });
const verdictsOf = (reply: { meta: unknown } | null) => (reply!.meta as { verdicts: { tool: string; accepted: boolean; reason: string }[] }).verdicts;
const state = () => getConversation(owner.actor, businessId, conversationId);
const userTexts = (call: LanguageModelV3CallOptions) =>
  call.prompt.filter((m) => m.role === "user").flatMap((m) => m.content.map((part) => (part.type === "text" ? part.text : "")));

describe("the engine with the AI SDK's test model", () => {
  it("applies a transition the graph allows and refuses one it does not, saying why", async () => {
    steps.push({ tools: [{ name: "advance_stage", input: { stage: "offer" } }, { name: "advance_stage", input: { stage: "qualify", reason: "wants a bike" } }], text: "Great, let's find you one." });
    const { reply } = await say("I want a bike");
    expect(reply).toMatchObject({ content: "Great, let's find you one.", status: "complete", provider: "openai", model: "mock" });
    expect(verdictsOf(reply).map((v) => [v.tool, v.accepted])).toEqual([
      ["advance_stage", false],
      ["advance_stage", true],
    ]);
    expect(verdictsOf(reply)[0]!.reason).toContain("cannot move to “offer”");
    expect((await state()).stage?.key).toBe("qualify");
    const timeline = await conversationTimeline(owner.actor, businessId, conversationId);
    expect(timeline.map((e) => [e.actor, e.from?.key ?? null, e.to?.key, e.reason])).toEqual([
      ["rule", null, "welcome", "Entry stage."],
      ["ai", "welcome", "qualify", "wants a bike"],
    ]);
  });

  it("walks the pipeline to its final stage and resolves the conversation in one turn", async () => {
    steps.push({
      tools: [
        { name: "advance_stage", input: { stage: "qualify" } },
        { name: "capture_field", input: { key: "name", value: "Ana" } },
        { name: "capture_field", input: { key: "email", value: "ana@example.com" } },
        { name: "advance_stage", input: { stage: "offer" } },
        { name: "capture_field", input: { key: "line", value: "City" } },
        { name: "advance_stage", input: { stage: "booked" } },
        { name: "end_conversation", input: { reason: "booked" } },
      ],
      text: "See you Saturday, Ana.",
    });
    const { reply } = await say("Ana, ana@example.com, a city bike, Saturday");
    expect(verdictsOf(reply).every((v) => v.accepted)).toBe(true);
    expect(await state()).toMatchObject({ status: "resolved", stage: { key: "booked" }, captured: { name: "Ana", email: "ana@example.com", line: "City" }, resolvedAt: expect.any(Date) });
    const timeline = await conversationTimeline(owner.actor, businessId, conversationId);
    expect(timeline.filter((e) => e.actor === "ai").map((e) => [e.from?.key, e.to?.key])).toEqual([
      ["welcome", "qualify"],
      ["qualify", "offer"],
      ["offer", "booked"],
    ]);
    const messages = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data;
    expect(messages.filter((m) => m.role === "contact").map((m) => m.status)).toEqual(["answered"]);
  });

  it("captures only values of the field's type, in the current stage", async () => {
    steps.push({ tools: [{ name: "advance_stage", input: { stage: "qualify" } }] });
    await say("I want a bike");
    steps.push({ tools: [{ name: "capture_field", input: { key: "email", value: "not-an-email" } }, { name: "capture_field", input: { key: "name", value: "Ana" } }, { name: "capture_field", input: { key: "shoe_size", value: "42" } }], text: "Thanks Ana." });
    const { reply } = await say("Ana, not-an-email");
    expect(verdictsOf(reply).map((v) => [v.tool, v.accepted])).toEqual([
      ["capture_field", false],
      ["capture_field", true],
      ["capture_field", false],
    ]);
    expect((await state()).captured).toEqual({ name: "Ana" });
  });

  it("hands over when the model asks, sends the handoff template, and stays silent after", async () => {
    steps.push({ tools: [{ name: "request_handoff", input: { reason: "wants a human" } }], text: "One moment." });
    await say("Could you check my order from last week?");
    expect(await state()).toMatchObject({ status: "waiting", holder: "human" });
    const notice = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data.at(-1)!;
    expect(notice).toMatchObject({ role: "assistant", meta: { handoff: expect.stringContaining("wants a human") } });
    const calls = model.doStreamCalls.length;
    const { reply } = await say("Hello?");
    expect(reply).toBeNull();
    expect(model.doStreamCalls).toHaveLength(calls);
  });

  it("refuses to end a conversation outside a final stage", async () => {
    steps.push({ tools: [{ name: "end_conversation", input: {} }], text: "Bye." });
    const { reply } = await say("bye");
    expect(verdictsOf(reply)).toEqual([expect.objectContaining({ tool: "end_conversation", accepted: false })]);
    expect((await state()).status).toBe("open");
  });

  it("answers messages that arrive during a generation together in the next turn, in order", async () => {
    let release!: () => void;
    steps.push({ text: "First answer.", gate: new Promise<void>((resolve) => (release = resolve)) }, { text: "Both answered." });
    const first = say("one");
    await vi.waitFor(() => expect(model.doStreamCalls).toHaveLength(1));
    // Two more while the first reply is being generated.
    await acceptContactMessage(owner.actor, businessId, conversationId, { content: "two", clientMessageId: "c-2" });
    await acceptContactMessage(owner.actor, businessId, conversationId, { content: "three", clientMessageId: "c-3" });
    void scheduleTurn(conversationId);
    void scheduleTurn(conversationId);
    release();
    await first;
    await vi.waitFor(async () => expect((await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data.at(-1)?.content).toBe("Both answered."));
    expect(model.doStreamCalls).toHaveLength(2);
    expect(userTexts(model.doStreamCalls[1]!).slice(-3)).toEqual(["one", "two", "three"]);
    const roles = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data.map((m) => `${m.role}:${m.content}`);
    expect(roles.slice(-5)).toEqual(["contact:one", "assistant:First answer.", "contact:two", "contact:three", "assistant:Both answered."]);
  });

  it("answers a retried message once", async () => {
    steps.push({ text: "Hello!" });
    const first = await say("hi", "retry-1");
    const again = await say("hi", "retry-1");
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id }, reply: { id: first.reply!.id } });
    expect(model.doStreamCalls).toHaveLength(1);
  });
});
