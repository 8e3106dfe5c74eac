import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { agent, providerCredential, stage, stageEvent, type Agent } from "@/db/schema";
import { invalidateBusinessConfig } from "@/lib/engine/config-cache";
import { getConversation, listMessages, postContactMessage, startConversation, updateConversation } from "@/lib/conversations/service";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { startStreamingProvider } from "../support/streaming-provider";
import { makeUser, type TestUser } from "./helpers";

let provider: Awaited<ReturnType<typeof startStreamingProvider>>;
let owner: TestUser;
let businessId: string;
let conversationId: string;
let sent = 0;

beforeAll(async () => {
  provider = await startStreamingProvider();
});
afterAll(() => provider.close());

beforeEach(async () => {
  provider.script.length = 0;
  provider.requests.length = 0;
  owner = await makeUser("owner");
  businessId = (await createSampleBusiness(owner.actor)).id;
  conversationId = (await startConversation(owner.actor, businessId, {})).id;
});

async function useModel(settings: Partial<Agent>) {
  const db = await getDb();
  await db
    .update(agent)
    .set({ model: "test-model", baseUrl: provider.baseUrl, firstTokenTimeoutMs: 1500, replyTimeoutMs: 4000, ...settings })
    .where(eq(agent.businessId, businessId));
}

const say = (content: string) => postContactMessage(owner.actor, businessId, conversationId, { content, clientMessageId: `p-${++sent}` });
const conversationState = () => getConversation(owner.actor, businessId, conversationId);

describe.each(["openai", "openai-compatible", "anthropic"] as const)("the %s provider package over real HTTP", (name) => {
  it("streams a reply and records tokens, latency and time to first token", async () => {
    await useModel({ provider: name });
    provider.script.push({ kind: "reply", text: "Happy to help you find a bike today!" });
    const { reply } = await say("hello");
    expect(reply).toMatchObject({ content: "Happy to help you find a bike today!", status: "complete", provider: name, model: "test-model" });
    expect(reply!.inputTokens).toBeGreaterThan(0);
    expect(reply!.outputTokens).toBeGreaterThan(0);
    expect(reply!.firstTokenMs).toBeGreaterThanOrEqual(0);
    expect(reply!.latencyMs).toBeGreaterThanOrEqual(reply!.firstTokenMs!);
    // The engine sent the stage-aware system prompt and its four tools.
    const sentBody = provider.requests[0]!.body;
    expect(JSON.stringify(name === "anthropic" ? sentBody.system : sentBody.messages)).toContain("Current stage: Welcome (welcome)");
    expect(sentBody.tools).toHaveLength(4);
  });

  it("keeps the partial text of a stream cut midway, marked incomplete", async () => {
    await useModel({ provider: name });
    provider.script.push({ kind: "cut", text: "This reply will be cut off before it ends" });
    const { reply } = await say("hello");
    expect(reply!.status).toBe("incomplete");
    expect(reply!.content.length).toBeGreaterThan(0);
    expect("This reply will be cut off before it ends".startsWith(reply!.content)).toBe(true);
  });
});

describe("the engine with a real provider", () => {
  it("applies the model's valid tool calls and refuses the invalid ones, then answers", async () => {
    await useModel({ provider: "openai" });
    provider.script.push(
      { kind: "reply", text: "", toolCalls: [{ name: "advance_stage", args: { stage: "offer", reason: "skip ahead" } }, { name: "advance_stage", args: { stage: "qualify", reason: "wants a bike" } }] },
      { kind: "reply", text: "", toolCalls: [{ name: "capture_field", args: { key: "email", value: "nope" } }, { name: "capture_field", args: { key: "name", value: "Ana" } }] },
      { kind: "reply", text: "Nice to meet you, Ana. What's your email?" },
    );
    const { reply } = await say("I'm Ana and I want a bike");
    expect(reply!.content).toBe("Nice to meet you, Ana. What's your email?");
    const verdicts = (reply!.meta as { verdicts: { tool: string; accepted: boolean; reason: string }[] }).verdicts;
    expect(verdicts.map((v) => [v.tool, v.accepted])).toEqual([
      ["advance_stage", false],
      ["advance_stage", true],
      ["capture_field", false],
      ["capture_field", true],
    ]);
    expect(verdicts[0]!.reason).toContain("cannot move to “offer”");
    expect(await conversationState()).toMatchObject({ stage: { key: "qualify" }, captured: { name: "Ana" } });
    // The refusals went back to the model as tool results, so it could correct itself.
    expect(JSON.stringify(provider.requests[1]!.body.messages)).toContain("cannot move to");
  });

  it.each([
    ["before the first token", { delayMs: 400 }],
    ["mid-reply", { chunkDelayMs: 20 }],
  ])("stays silent when a human takes over %s: the reply is kept only as a note for staff", async (_when, pace) => {
    await useModel({ provider: "openai" });
    const long = Array.from({ length: 60 }, (_, i) => `word${i}`).join(" ");
    provider.script.push({ kind: "reply", text: long, ...pace });
    const posting = say("hello");
    await expect.poll(async () => (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data.some((m) => m.status === "streaming")).toBe(true);
    await updateConversation(owner.actor, businessId, conversationId, { holder: "human" });
    const { message, reply } = await posting;
    expect(reply).toBeNull();
    const log = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data;
    expect(log.find((m) => m.id === message.id)?.status).toBe("pending");
    const note = log.at(-1)!;
    expect(note.role).toBe("note");
    expect(note.meta).toMatchObject({ muted: "A human took over while the AI was replying." });
    expect(await conversationState()).toMatchObject({ holder: "human" });
  });

  it("leaves a stage and a resolve that staff chose while the AI replied as they are", async () => {
    await useModel({ provider: "openai" });
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(" ");
    provider.script.push(
      { kind: "reply", text: "", toolCalls: [{ name: "advance_stage", args: { stage: "qualify", reason: "wants a bike" } }] },
      { kind: "reply", text: long, chunkDelayMs: 20 },
    );
    const posting = say("I want a bike");
    await expect.poll(async () => (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data.some((m) => m.status === "streaming" && m.content === "")).toBe(true);
    const offer = (await (await getDb()).select().from(stage).where(and(eq(stage.businessId, businessId), eq(stage.key, "offer"))))[0]!;
    await updateConversation(owner.actor, businessId, conversationId, { stageId: offer.id, status: "resolved" });
    const { reply } = await posting;
    expect(reply!.content).toBe(long);
    expect(await conversationState()).toMatchObject({ stage: { key: "offer" }, status: "resolved" });
    // The AI's own move did not happen, so it is not on the timeline.
    const moves = await (await getDb()).select().from(stageEvent).where(eq(stageEvent.conversationId, conversationId));
    expect(moves.map((m) => m.actor).sort()).toEqual(["rule", "staff"]);
  });

  it("retries a rate limit and a server error before the first token", async () => {
    await useModel({ provider: "openai" });
    provider.script.push({ kind: "status", status: 429 }, { kind: "status", status: 500 }, { kind: "reply", text: "Third time lucky." });
    const { reply } = await say("hello");
    expect(reply).toMatchObject({ content: "Third time lucky.", status: "complete" });
    expect(provider.requests).toHaveLength(3);
  });

  it("falls back to the fallback model when the primary keeps failing", async () => {
    await useModel({ provider: "openai", fallbackProvider: "scripted", fallbackModel: "scripted" });
    provider.script.push({ kind: "status", status: 500 }, { kind: "status", status: 500 }, { kind: "status", status: 500 });
    const { reply } = await say("I'm looking for a bike");
    expect(reply).toMatchObject({ provider: "scripted", content: "Great! What's your name?" });
    expect((reply!.meta as { errors: string[] }).errors[0]).toContain("openai/test-model");
    expect((await conversationState()).holder).toBe("ai");
  });

  it("counts a stored key that no longer decrypts as the model failing: the fallback answers and nothing is left streaming", async () => {
    await useModel({ provider: "openai", fallbackProvider: "scripted", fallbackModel: "scripted" });
    // As after AUTH_SECRET changed: the business's stored key cannot be opened any more.
    await (await getDb()).insert(providerCredential).values({ businessId, provider: "openai", secret: "not.a.sealed-secret", hint: "abcd" });
    invalidateBusinessConfig(businessId);
    const { reply } = await say("I'm looking for a bike");
    expect(reply).toMatchObject({ provider: "scripted", status: "complete", content: "Great! What's your name?" });
    expect((reply!.meta as { errors: string[] }).errors[0]).toMatch(/^the primary model: /);
    expect(provider.requests).toHaveLength(0);
    const log = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data;
    expect(log.filter((m) => m.status === "streaming")).toEqual([]);
  });

  it.each([
    ["a timeout before the first token", { kind: "hang" } as const],
    ["malformed server-sent events", { kind: "malformed" } as const],
  ])("answers %s with the fallback template and hands over", async (_label, fault) => {
    await useModel({ provider: "openai-compatible", firstTokenTimeoutMs: 300 });
    provider.script.push(fault, fault, fault);
    const started = Date.now();
    const { reply } = await say("hello");
    expect(Date.now() - started).toBeLessThan(4000);
    expect(reply).toMatchObject({ content: "Sorry, I can't answer that right now. Someone from Acme Bikes (sample) will reply here shortly." });
    const log = (await listMessages(owner.actor, businessId, conversationId, { limit: 50 })).data;
    expect(log.at(-1)?.content).toBe("I'm bringing in a member of the Acme Bikes (sample) team. They'll reply right here.");
    expect(await conversationState()).toMatchObject({ status: "waiting", holder: "human" });
  });
});
