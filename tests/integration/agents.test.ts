import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as businesses from "@/app/api/v1/businesses/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as keys from "@/app/api/v1/businesses/[businessId]/api-keys/route";
import * as agents from "@/app/api/v1/businesses/[businessId]/agents/route";
import * as agentRoute from "@/app/api/v1/businesses/[businessId]/agents/[agentId]/route";
import * as testConnectionRoute from "@/app/api/v1/businesses/[businessId]/agents/test-connection/route";
import * as credentials from "@/app/api/v1/businesses/[businessId]/provider-credentials/route";
import * as credential from "@/app/api/v1/businesses/[businessId]/provider-credentials/[provider]/route";
import { eq } from "drizzle-orm";
import { getDb } from "@/db";
import { contact, conversation, providerCredential, stage, template, type Role, type TemplateKind } from "@/db/schema";
import { acceptInvitation } from "@/lib/members/service";
import { providerApiKey } from "@/lib/providers/credentials";
import { testConnection } from "@/lib/providers/connection";
import { call, makeUser, type TestUser } from "./helpers";
import { GOOD_KEY, startFakeProvider } from "./agents-fake-provider";

let owner: TestUser;
let businessId: string;
let fake: Awaited<ReturnType<typeof startFakeProvider>>;

beforeAll(async () => {
  fake = await startFakeProvider();
});
afterAll(async () => fake.close());

async function newBusiness(as: TestUser, name: string): Promise<string> {
  const res = await call(businesses.POST, "POST", { as, body: { name } });
  expect(res.status).toBe(201);
  return res.json.id;
}

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = await newBusiness(owner, "Agents Co");
});

async function member(role: Role): Promise<TestUser> {
  const user = await makeUser(role);
  const res = await call(members.POST, "POST", { as: owner, params: { businessId }, body: { email: user.email, role } });
  await acceptInvitation(user.actor, new URL(res.json.url).pathname.split("/").pop()!);
  return user;
}

async function bearerKey(scopes: ("read" | "write")[]) {
  const res = await call(keys.POST, "POST", { as: owner, params: { businessId }, body: { name: "k", scopes } });
  return { headers: { authorization: `Bearer ${res.json.secret}` }, origin: null };
}

async function addTemplate(inBusiness: string, kind: TemplateKind) {
  const db = await getDb();
  const [row] = await db.insert(template).values({ businessId: inBusiness, kind, name: `${kind} t`, body: "Hello" }).returning();
  return row!.id;
}

async function addStage(inBusiness: string, key: string, extra: { isEntry?: boolean; archivedAt?: Date } = {}) {
  const db = await getDb();
  const [row] = await db.insert(stage).values({ businessId: inBusiness, key, name: key, position: 0, ...extra }).returning();
  return row!.id;
}

const createAgent = (body: Record<string, unknown>, as: TestUser = owner) => call(agents.POST, "POST", { as, params: { businessId }, body });
const agentParams = (agentId: string) => ({ businessId, agentId });

describe("agents CRUD", () => {
  it("creates a scripted agent with defaults (201), reads, lists and updates it", async () => {
    const created = await createAgent({ name: "Ava", description: "Friendly", model: "scripted" });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Ava", provider: "scripted", model: "scripted", status: "active", temperature: 0.7, maxOutputTokens: 1024, avatarUrl: null });
    expect(created.json).not.toHaveProperty("businessId");

    const got = await call(agentRoute.GET, "GET", { as: owner, params: agentParams(created.json.id) });
    expect(got.json).toEqual(created.json);

    const patched = await call(agentRoute.PATCH, "PATCH", {
      as: owner,
      params: agentParams(created.json.id),
      body: { status: "paused", provider: "openai-compatible", model: "llama3.1", baseUrl: fake.baseUrl, handoffRules: { keywords: ["human", "agent"], maxAiTurns: 8, onProviderError: "handoff" } },
    });
    expect(patched.status).toBe(200);
    expect(patched.json).toMatchObject({ status: "paused", provider: "openai-compatible", baseUrl: fake.baseUrl, handoffRules: { keywords: ["human", "agent"], maxAiTurns: 8 } });

    const back = await call(agentRoute.PATCH, "PATCH", { as: owner, params: agentParams(created.json.id), body: { provider: "scripted", model: "scripted" } });
    expect([back.status, back.json.baseUrl]).toEqual([200, null]);
  });

  it("paginates the list with a cursor", async () => {
    for (const name of ["A", "B", "C"]) expect((await createAgent({ name, model: "scripted" })).status).toBe(201);
    const first = await call(agents.GET, "GET", { as: owner, params: { businessId }, query: "limit=2" });
    expect(first.json.data.map((a: { name: string }) => a.name)).toEqual(["A", "B"]);
    const second = await call(agents.GET, "GET", { as: owner, params: { businessId }, query: `limit=2&cursor=${first.json.nextCursor}` });
    expect([second.json.data.map((a: { name: string }) => a.name), second.json.nextCursor]).toEqual([["C"], null]);
    const badCursor = await call(agents.GET, "GET", { as: owner, params: { businessId }, query: "cursor=nonsense" });
    expect(badCursor.status).toBe(422);
  });

  it("answers bad input with 422 per field, malformed JSON with 400, unknown fields by name", async () => {
    const bad = await createAgent({ name: "", model: "gpt", temperature: 5, avatarUrl: "http://x.test/a.png", handoffRules: { keywords: [], maxAiTurns: 0, onProviderError: "shrug" } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(
      ["avatarUrl", "handoffRules.maxAiTurns", "handoffRules.onProviderError", "name", "temperature"].sort(),
    );
    const rules = await createAgent({ name: "X", provider: "openai-compatible", model: "m" });
    expect([rules.status, rules.json.errors]).toEqual([422, [{ path: "baseUrl", message: expect.stringMatching(/base URL/) }]]);
    const unknown = await createAgent({ name: "X", model: "scripted", apiKey: "sk-nope" });
    expect([unknown.status, unknown.json.errors]).toEqual([422, [{ path: "apiKey", message: "Unknown field." }]]);
    const malformed = await call(agents.POST, "POST", { as: owner, params: { businessId }, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.json.code]).toEqual([400, "malformed_json"]);
    const { json } = await createAgent({ name: "Ok", model: "scripted" });
    const badPatch = await call(agentRoute.PATCH, "PATCH", { as: owner, params: agentParams(json.id), body: { model: "gpt-4o" } });
    expect([badPatch.status, badPatch.json.errors[0].path]).toEqual([422, "model"]);
  });

  it("accepts only this business's templates of the matching kind and a live entry stage", async () => {
    const system = await addTemplate(businessId, "system");
    const greeting = await addTemplate(businessId, "greeting");
    const entry = await addStage(businessId, "greet", { isEntry: true });
    const notEntry = await addStage(businessId, "qualify");
    const ok = await createAgent({ name: "Wired", model: "scripted", systemTemplateId: system, greetingTemplateId: greeting, entryStageId: entry });
    expect(ok.status).toBe(201);

    const other = await makeUser("other");
    const otherBusiness = await newBusiness(other, "Other Co");
    const foreignTemplate = await addTemplate(otherBusiness, "fallback");
    const foreignStage = await addStage(otherBusiness, "greet", { isEntry: true });
    const archived = await addStage(businessId, "old", { isEntry: true, archivedAt: new Date() });
    const bad = await createAgent({
      name: "Miswired",
      model: "scripted",
      systemTemplateId: greeting, // wrong kind
      fallbackTemplateId: foreignTemplate, // another business's
      handoffTemplateId: "00000000-0000-4000-8000-000000000000", // nonexistent
      entryStageId: notEntry,
    });
    expect(bad.status).toBe(422);
    expect(bad.json.errors).toEqual([
      { path: "systemTemplateId", message: "Choose a system template of this business." },
      { path: "fallbackTemplateId", message: "Choose a fallback template of this business." },
      { path: "handoffTemplateId", message: "Choose a handoff template of this business." },
      { path: "entryStageId", message: "Choose a stage marked as an entry stage." },
    ]);
    for (const entryStageId of [foreignStage, archived]) {
      const res = await createAgent({ name: "X", model: "scripted", entryStageId });
      expect(res.json.errors).toEqual([{ path: "entryStageId", message: "Choose a stage of this business." }]);
    }
  });

  it("deletes with 204, then 404; refuses while the agent has open conversations", async () => {
    const { json: busy } = await createAgent({ name: "Busy", model: "scripted" });
    const db = await getDb();
    const [visitor] = await db.insert(contact).values({ businessId, visitorId: "v1" }).returning();
    const [open] = await db.insert(conversation).values({ businessId, agentId: busy.id, contactId: visitor!.id, channel: "widget" }).returning();
    const refused = await call(agentRoute.DELETE, "DELETE", { as: owner, params: agentParams(busy.id) });
    expect([refused.status, refused.json.detail]).toEqual([409, expect.stringMatching(/1 open conversation;/)]);
    await db.delete(conversation).where(eq(conversation.id, open!.id));

    expect((await call(agentRoute.DELETE, "DELETE", { as: owner, params: agentParams(busy.id) })).status).toBe(204);
    expect((await call(agentRoute.GET, "GET", { as: owner, params: agentParams(busy.id) })).status).toBe(404);
    expect((await call(agentRoute.DELETE, "DELETE", { as: owner, params: agentParams(busy.id) })).status).toBe(404);
  });
});

describe("who may do what", () => {
  it("lets viewers and staff read but not change (403); admins change", async () => {
    const { json: ava } = await createAgent({ name: "Ava", model: "scripted" });
    for (const role of ["viewer", "agent"] as const) {
      const user = await member(role);
      expect((await call(agents.GET, "GET", { as: user, params: { businessId } })).status).toBe(200);
      expect((await call(agentRoute.GET, "GET", { as: user, params: agentParams(ava.id) })).status).toBe(200);
      expect((await call(credentials.GET, "GET", { as: user, params: { businessId } })).status).toBe(200);
      const writes = [
        await createAgent({ name: "No", model: "scripted" }, user),
        await call(agentRoute.PATCH, "PATCH", { as: user, params: agentParams(ava.id), body: { status: "paused" } }),
        await call(agentRoute.DELETE, "DELETE", { as: user, params: agentParams(ava.id) }),
        await call(credential.PUT, "PUT", { as: user, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } }),
        await call(testConnectionRoute.POST, "POST", { as: user, params: { businessId }, body: { provider: "scripted", model: "scripted" } }),
      ];
      expect(writes.map((r) => r.status)).toEqual([403, 403, 403, 403, 403]);
    }
    const admin = await member("admin");
    expect((await call(agentRoute.PATCH, "PATCH", { as: admin, params: agentParams(ava.id), body: { status: "paused" } })).status).toBe(200);
  });

  it("lets a read key read and a write key change", async () => {
    const { json: ava } = await createAgent({ name: "Ava", model: "scripted" });
    const read = await bearerKey(["read"]);
    expect((await call(agents.GET, "GET", { ...read, params: { businessId } })).status).toBe(200);
    const refused = await call(agentRoute.PATCH, "PATCH", { ...read, params: agentParams(ava.id), body: { status: "paused" } });
    expect([refused.status, refused.json.code]).toEqual([403, "forbidden"]);
    expect((await call(credential.PUT, "PUT", { ...read, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } })).status).toBe(403);

    const write = await bearerKey(["read", "write"]);
    expect((await call(agentRoute.PATCH, "PATCH", { ...write, params: agentParams(ava.id), body: { status: "paused" } })).json.status).toBe("paused");
    const stored = await call(credential.PUT, "PUT", { ...write, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } });
    expect([stored.status, stored.json.updatedBy]).toEqual([200, null]);
  });

  it("answers another business's agents and credentials with 404", async () => {
    const { json: ava } = await createAgent({ name: "Ava", model: "scripted" });
    const stranger = await makeUser("stranger");
    const theirs = await newBusiness(stranger, "Stranger Co");
    const asStranger = { as: stranger, params: { businessId: theirs, agentId: ava.id } };
    expect((await call(agentRoute.GET, "GET", asStranger)).status).toBe(404);
    expect((await call(agentRoute.PATCH, "PATCH", { ...asStranger, body: { name: "Mine" } })).status).toBe(404);
    expect((await call(agentRoute.DELETE, "DELETE", asStranger)).status).toBe(404);
    expect((await call(agents.GET, "GET", { as: stranger, params: { businessId } })).status).toBe(404);
    expect((await call(credentials.GET, "GET", { as: stranger, params: { businessId } })).status).toBe(404);
    expect((await call(credential.PUT, "PUT", { as: stranger, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } })).status).toBe(404);
    expect((await call(agentRoute.GET, "GET", { as: owner, params: agentParams(ava.id) })).json.name).toBe("Ava");
  });
});

describe("provider credentials", () => {
  it("stores the key encrypted, shows only its hint, replaces and removes it", async () => {
    const put = await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "openai" }, body: { apiKey: "sk-first-key-11112222" } });
    expect(put.json).toEqual({ provider: "openai", hint: "sk-…2222", updatedAt: expect.any(String), updatedBy: { id: owner.id, name: "owner" } });
    const replaced = await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } });
    expect(replaced.json.hint).toBe("sk-…wxyz");

    const list = await call(credentials.GET, "GET", { as: owner, params: { businessId } });
    expect(list.json.data).toEqual([expect.objectContaining({ provider: "openai", hint: "sk-…wxyz" })]);
    expect(JSON.stringify(list.json)).not.toContain(GOOD_KEY);

    const db = await getDb();
    const rows = await db.select().from(providerCredential);
    expect(rows.map((r) => r.secret).join()).not.toContain("good-key");
    expect(await providerApiKey(businessId, "openai")).toBe(GOOD_KEY);

    expect((await call(credential.DELETE, "DELETE", { as: owner, params: { businessId, provider: "openai" } })).status).toBe(204);
    expect((await call(credential.DELETE, "DELETE", { as: owner, params: { businessId, provider: "openai" } })).status).toBe(404);
    expect(await providerApiKey(businessId, "openai")).toBeNull();
  });

  it("validates the key and knows no scripted credential", async () => {
    const short = await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "anthropic" }, body: { apiKey: "abc" } });
    expect([short.status, short.json.errors[0].path]).toEqual([422, "apiKey"]);
    const extra = await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "anthropic" }, body: { apiKey: GOOD_KEY, note: 1 } });
    expect([extra.status, extra.json.errors[0].path]).toEqual([422, "note"]);
    expect((await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "scripted" }, body: { apiKey: GOOD_KEY } })).status).toBe(404);
  });
});

describe("test connection (real HTTP)", () => {
  const test = (body: Record<string, unknown>) => call(testConnectionRoute.POST, "POST", { as: owner, params: { businessId }, body });

  it("succeeds for scripted without any call", async () => {
    const res = await test({ provider: "scripted", model: "scripted" });
    expect(res.json).toMatchObject({ ok: true });
  });

  it("reaches an OpenAI-compatible server and tells a good key from a bad one", async () => {
    const ok = await test({ provider: "openai-compatible", model: "llama3.1", baseUrl: fake.baseUrl, apiKey: GOOD_KEY });
    expect(ok.json).toEqual({ ok: true, latencyMs: expect.any(Number), sample: "ready" });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1/chat/completions", authorization: `Bearer ${GOOD_KEY}`, model: "llama3.1" });
    const bad = await test({ provider: "openai-compatible", model: "llama3.1", baseUrl: fake.baseUrl, apiKey: "sk-wrong-key-1234" });
    expect(bad.json).toEqual({ ok: false, error: expect.stringMatching(/^Invalid API key \(401\)/) });
    expect(JSON.stringify(bad.json)).not.toContain("sk-wrong");
    const missing = await test({ provider: "openai-compatible", model: "missing", baseUrl: fake.baseUrl, apiKey: GOOD_KEY });
    expect(missing.json.error).toMatch(/Model “missing” not found \(404\)/);
  });

  it("uses the stored key when none is given, for openai and anthropic through a base URL", async () => {
    await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "openai" }, body: { apiKey: GOOD_KEY } });
    const openai = await test({ provider: "openai", model: "gpt-4o-mini", baseUrl: fake.baseUrl });
    expect(openai.json).toMatchObject({ ok: true, sample: "ready" });

    const noKey = await test({ provider: "anthropic", model: "claude-3-5-haiku-latest", baseUrl: fake.baseUrl });
    expect(noKey.json).toEqual({ ok: false, error: "No API key: enter one, or set ANTHROPIC_API_KEY on the server." });
    await call(credential.PUT, "PUT", { as: owner, params: { businessId, provider: "anthropic" }, body: { apiKey: GOOD_KEY } });
    const anthropic = await test({ provider: "anthropic", model: "claude-3-5-haiku-latest", baseUrl: fake.baseUrl });
    expect(anthropic.json).toMatchObject({ ok: true, sample: "ready" });
    expect(fake.requests.at(-1)).toMatchObject({ path: "/v1/messages", apiKey: GOOD_KEY });
    const wrong = await test({ provider: "anthropic", model: "claude-3-5-haiku-latest", baseUrl: fake.baseUrl, apiKey: "sk-ant-wrong-1234" });
    expect(wrong.json.error).toMatch(/^Invalid API key \(401\)/);
  });

  it("says when the address cannot be reached or does not answer in time", async () => {
    const unreachable = await test({ provider: "openai-compatible", model: "m", baseUrl: "http://127.0.0.1:9/v1" });
    expect(unreachable.json).toEqual({ ok: false, error: expect.stringMatching(/^Cannot reach http:\/\/127\.0\.0\.1:9\/v1/) });
    const slow = await testConnection({ provider: "openai-compatible", model: "slow", baseUrl: fake.baseUrl }, 300);
    expect(slow).toEqual({ ok: false, error: expect.stringMatching(/^Timed out/) });
  });

  it("accepts only http(s) base URLs and needs one for openai-compatible", async () => {
    const file = await test({ provider: "openai-compatible", model: "m", baseUrl: "file:///etc/passwd" });
    expect([file.status, file.json.errors[0].path]).toEqual([422, "baseUrl"]);
    const none = await test({ provider: "openai-compatible", model: "m" });
    expect([none.status, none.json.errors[0].path]).toEqual([422, "baseUrl"]);
  });
});
