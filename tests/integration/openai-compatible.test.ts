import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as completions from "@/app/api/v1/businesses/[businessId]/agents/[agentId]/chat/completions/route";
import { createApiKey } from "@/lib/api-keys/service";
import { listAgents } from "@/lib/agents/service";
import { listMessages } from "@/lib/conversations/service";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { serveRoute } from "../support/serve-route";
import { makeUser, type TestUser } from "./helpers";

let server: Awaited<ReturnType<typeof serveRoute>>;
let owner: TestUser;
let businessId: string;
let agentId: string;
let client: OpenAI;
let readKey: string;

beforeAll(async () => {
  server = await serveRoute("/api/v1/businesses/:businessId/agents/:agentId/chat/completions", completions.POST);
  owner = await makeUser("owner");
  businessId = (await createSampleBusiness(owner.actor)).id;
  agentId = (await listAgents(owner.actor, businessId, { limit: 10 })).data[0]!.id;
  const key = await createApiKey(owner.actor, businessId, { name: "OpenAI client", scopes: ["read", "write"] });
  readKey = (await createApiKey(owner.actor, businessId, { name: "Reader", scopes: ["read"] })).secret;
  client = new OpenAI({ baseURL: `${server.origin}/api/v1/businesses/${businessId}/agents/${agentId}`, apiKey: key.secret, maxRetries: 0 });
});
afterAll(() => server.close());

describe("the official OpenAI client against an agent", () => {
  it("gets a non-streamed answer, and the conversation continues for the same user", async () => {
    const first = await client.chat.completions.create({ model: "maya", user: "visitor-1", messages: [{ role: "user", content: "I'm looking for a bike" }] });
    expect(first.object).toBe("chat.completion");
    expect(first.choices[0]?.message.content).toBe("Great! What's your name?");
    expect(first.usage?.completion_tokens).toBeGreaterThan(0);

    const second = await client.chat.completions.create({
      model: "maya",
      user: "visitor-1",
      messages: [
        { role: "user", content: "I'm looking for a bike" },
        { role: "assistant", content: "Great! What's your name?" },
        { role: "user", content: "Ana" },
      ],
    });
    expect(second.choices[0]?.message.content).toBe("Thanks, Ana! What's the best email to send you the options?");
  });

  it("gets a streamed answer in several chunks, and names the conversation", async () => {
    const { data: stream, response } = await client.chat.completions.create({ model: "maya", stream: true, messages: [{ role: "user", content: "I want to buy a bike" }] }).withResponse();
    const conversationId = response.headers.get("x-parley-conversation-id");
    const parts: string[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      parts.push(chunk.choices[0]?.delta.content ?? "");
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(parts.filter(Boolean).length).toBeGreaterThan(2);
    expect(parts.join("")).toBe("Great! What's your name?");
    expect(finish).toBe("stop");
    // The exchange is an ordinary Parley conversation, visible to staff.
    const stored = await listMessages(owner.actor, businessId, conversationId!, { limit: 50 });
    expect(stored.data.map((m) => m.role)).toEqual(["assistant", "contact", "assistant"]);
  });

  it("does not answer a retried request twice", async () => {
    const request = { model: "maya", user: "visitor-2", messages: [{ role: "user" as const, content: "hello there" }] };
    const a = await client.chat.completions.create(request).withResponse();
    const b = await client.chat.completions.create(request).withResponse();
    const conversationId = a.response.headers.get("x-parley-conversation-id")!;
    expect(b.response.headers.get("x-parley-conversation-id")).toBe(conversationId);
    expect(b.data.choices[0]?.message.content).toBe(a.data.choices[0]?.message.content);
    const stored = await listMessages(owner.actor, businessId, conversationId, { limit: 50 });
    expect(stored.data.filter((m) => m.role === "contact")).toHaveLength(1);
  });

  it("streams a retry the stored answer, not an empty one", async () => {
    const request = { model: "maya", user: "visitor-3", stream: true as const, messages: [{ role: "user" as const, content: "I'm looking for a bike" }] };
    const streamedText = async () => {
      let text = "";
      for await (const chunk of await client.chat.completions.create(request)) text += chunk.choices[0]?.delta.content ?? "";
      return text;
    };
    expect(await streamedText()).toBe("Great! What's your name?");
    expect(await streamedText()).toBe("Great! What's your name?");
  });

  it("tells requests that send only the newest message apart by their Idempotency-Key", async () => {
    const say = (content: string, key: string) =>
      client.chat.completions.create({ model: "maya", user: "visitor-4", messages: [{ role: "user", content }] }, { headers: { "Idempotency-Key": key } }).withResponse();
    const first = await say("I'm looking for a bike", "k-1");
    await say("Ana", "k-2");
    const retried = await say("Ana", "k-2");
    // The same words again, as a new request: a new message, answered.
    const again = await say("Ana", "k-3");
    const conversationId = first.response.headers.get("x-parley-conversation-id")!;
    const stored = await listMessages(owner.actor, businessId, conversationId, { limit: 50 });
    expect(stored.data.filter((m) => m.role === "contact").map((m) => m.content)).toEqual(["I'm looking for a bike", "Ana", "Ana"]);
    expect(retried.data.choices[0]?.message.content).toBe("Thanks, Ana! What's the best email to send you the options?");
    expect(again.data.choices[0]?.message.content).not.toBe("");
    await expect(say("Ana", "bad key with spaces")).rejects.toMatchObject({ status: 422 });
  });

  it("refuses a read-only key, another business's agent, and a request without a user message", async () => {
    const reader = new OpenAI({ baseURL: client.baseURL, apiKey: readKey, maxRetries: 0 });
    await expect(reader.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 403 });
    const other = await makeUser("other");
    const otherBusiness = (await createSampleBusiness(other.actor)).id;
    const otherAgent = (await listAgents(other.actor, otherBusiness, { limit: 1 })).data[0]!.id;
    const crossing = new OpenAI({ baseURL: `${server.origin}/api/v1/businesses/${businessId}/agents/${otherAgent}`, apiKey: client.apiKey, maxRetries: 0 });
    await expect(crossing.chat.completions.create({ model: "m", messages: [{ role: "user", content: "hi" }] })).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create({ model: "m", messages: [{ role: "system", content: "be nice" }] })).rejects.toMatchObject({ status: 422 });
  });
});
