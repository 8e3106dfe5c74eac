import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import * as businessRoute from "@/app/api/v1/businesses/[businessId]/route";
import * as conversationsRoute from "@/app/api/v1/businesses/[businessId]/conversations/route";
import * as sessionRoute from "@/app/api/widget/session/route";
import * as messagesRoute from "@/app/api/widget/messages/route";
import * as frameRoute from "@/app/widget/frame/route";
import * as secretRoute from "@/app/api/v1/businesses/[businessId]/widget-secret/route";
import { createApiKey } from "@/lib/api-keys/service";
import { getConversation, updateConversation } from "@/lib/conversations/service";
import { postNote } from "@/lib/conversations/staff";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { signVisitorToken } from "@/lib/widget/token";
import { call, makeUser, ORIGIN, type TestUser } from "./helpers";

const SHOP = "http://localhost:5173";

let owner: TestUser;
let businessId: string;
let key: string;
let clientCount = 0;

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = (await createSampleBusiness(owner.actor)).id;
  const patched = await call(businessRoute.PATCH, "PATCH", { as: owner, params: { businessId }, body: { widget: { allowedOrigins: [SHOP] } } });
  expect(patched.status).toBe(200);
  key = patched.json.widgetPublicKey;
});

/** Each test speaks from its own address so the per-IP limits of one test do not reach another. */
const ip = () => `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

async function session(body: Record<string, unknown> = {}, origin: string | null = ORIGIN, address = ip()) {
  return call(sessionRoute.POST, "POST", { body: { key, hostOrigin: SHOP, ...body }, origin, headers: { "x-parley-client-ip": address } });
}

const asVisitor = (token: string) => ({ headers: { authorization: `Bearer ${token}`, "x-parley-client-ip": ip() }, origin: ORIGIN });

async function say(token: string, content: string, clientMessageId = `w-${++clientCount}`) {
  return call(messagesRoute.POST, "POST", { ...asVisitor(token), body: { content, clientMessageId } });
}

describe("widget settings in the business resource", () => {
  it("are shown, changed field by field, and validated with field paths", async () => {
    const got = await call(businessRoute.GET, "GET", { as: owner, params: { businessId } });
    expect(got.json.widgetPublicKey).toMatch(/^pk_[0-9a-f]{32}$/);
    expect(got.json.widgetSettings).toEqual({ allowedOrigins: [SHOP], agentId: null, color: "#4f46e5", position: "right", launcherText: "Chat with us", greeting: null, requireVerifiedIdentity: false });

    const changed = await call(businessRoute.PATCH, "PATCH", { as: owner, params: { businessId }, body: { widget: { color: "#FF0000", position: "left", greeting: "Hi there!" } } });
    expect(changed.json.widgetSettings).toMatchObject({ allowedOrigins: [SHOP], color: "#ff0000", position: "left", greeting: "Hi there!" });

    const bad = await call(businessRoute.PATCH, "PATCH", { as: owner, params: { businessId }, body: { widget: { allowedOrigins: ["http://shop.example.com"], position: "top", extra: 1 } } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["widget.allowedOrigins.0", "widget.extra", "widget.position"]);

    const stranger = await makeUser("stranger");
    const theirAgent = (await createSampleBusiness(stranger.actor)).id;
    const foreignAgent = await call(businessRoute.PATCH, "PATCH", { as: owner, params: { businessId }, body: { widget: { agentId: theirAgent } } });
    expect([foreignAgent.status, foreignAgent.json.errors[0].path]).toEqual([422, "widget.agentId"]);
  });

  it("change only with write access", async () => {
    const read = await createApiKey(owner.actor, businessId, { name: "read", scopes: ["read"] });
    const write = await createApiKey(owner.actor, businessId, { name: "write", scopes: ["write"] });
    const body = { widget: { launcherText: "Ask us" } };
    const byRead = await call(businessRoute.PATCH, "PATCH", { headers: { authorization: `Bearer ${read.secret}` }, origin: null, params: { businessId }, body });
    expect(byRead.status).toBe(403);
    const byWrite = await call(businessRoute.PATCH, "PATCH", { headers: { authorization: `Bearer ${write.secret}` }, origin: null, params: { businessId }, body });
    expect([byWrite.status, byWrite.json.widgetSettings.launcherText]).toEqual([200, "Ask us"]);
  });
});

describe("visitor sessions", () => {
  it("start a conversation with the greeting and the theme, and resume it for the same visitor", async () => {
    const first = await session();
    expect(first.status).toBe(200);
    expect(first.json.visitorId).toMatch(/^v_/);
    expect(first.json.theme).toMatchObject({ color: "#4f46e5", position: "right", launcherText: "Chat with us" });
    expect(first.json.messages.map((m: { role: string }) => m.role)).toEqual(["assistant"]);
    const again = await session({ visitorId: first.json.visitorId });
    expect(again.json.conversationId).toBe(first.json.conversationId);
    const other = await session();
    expect(other.json.conversationId).not.toBe(first.json.conversationId);
  });

  it("are listed for staff once the visitor writes, not for opening the chat", async () => {
    const opened = await session();
    const listed = async () =>
      ((await call(conversationsRoute.GET, "GET", { as: owner, params: { businessId } })).json.data as { id: string; contactWrote: boolean }[]).find((c) => c.id === opened.json.conversationId);
    expect(await listed()).toBeUndefined();
    expect((await say(opened.json.token, "Hello?")).status).toBeLessThan(300);
    expect(await listed()).toMatchObject({ contactWrote: true });
  });

  it("give two tabs opening the chat at once one conversation", async () => {
    const first = await session();
    await updateConversation(owner.actor, businessId, first.json.conversationId, { status: "resolved" });
    const [a, b] = await Promise.all([session({ visitorId: first.json.visitorId }), session({ visitorId: first.json.visitorId })]);
    expect(a.json.conversationId).not.toBe(first.json.conversationId);
    expect(b.json.conversationId).toBe(a.json.conversationId);
  });

  it("keep widget visitors and API contacts apart: neither can name the other's", async () => {
    // An API contact's id (here "crm-42") is not a widget visitor id…
    const named = await session({ visitorId: "crm-42-abcdefghijklmnop" });
    expect([named.status, named.json.code]).toEqual([422, "validation_failed"]);
    // …and the widget's form of id is refused to API callers.
    const started = await call(conversationsRoute.POST, "POST", { as: owner, params: { businessId }, body: { contact: { id: `v_${"0".repeat(32)}` } } });
    expect(started.status).toBe(422);
  });

  it("are refused to pages from origins that are not allowed", async () => {
    const wrongHost = await session({ hostOrigin: "https://evil.example" });
    expect([wrongHost.status, wrongHost.json.code]).toEqual([403, "forbidden"]);
    const wrongCaller = await session({}, "https://evil.example");
    expect(wrongCaller.status).toBe(403);
    expect((await session({}, SHOP)).status).toBe(200);
    const frame = await call(frameRoute.GET, "GET", { query: `key=${key}&host=${encodeURIComponent("https://evil.example")}` });
    expect(frame.status).toBe(403);
  });

  it("answer bad input as problems", async () => {
    expect((await session({ key: "pk_" + "0".repeat(32) })).status).toBe(404);
    const invalid = await session({ key: "nope", extra: true });
    expect(invalid.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["extra", "key"]);
    const malformed = await call(sessionRoute.POST, "POST", { rawBody: "{", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.json.code]).toEqual([400, "malformed_json"]);
  });

  it("are rate limited per address", async () => {
    const address = ip();
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await call(sessionRoute.POST, "POST", { body: { key: "pk_" + "0".repeat(32), hostOrigin: SHOP }, headers: { "x-parley-client-ip": address } })).status);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describe("the frame", () => {
  it("may be framed only by the allowed origins and loads only Parley's own files", async () => {
    const response = await frameRoute.GET(new Request(`${ORIGIN}/widget/frame?key=${key}&host=${encodeURIComponent(SHOP)}`));
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain(`frame-ancestors ${SHOP}`);
    expect(csp).toContain("script-src 'self'");
    expect(await response.text()).toContain(`data-key="${key}"`);
  });
});

describe("visitor messages", () => {
  it("reach only the visitor's own conversation", async () => {
    const mine = await session();
    const theirs = await session();
    await say(theirs.json.token, "I am the other visitor");
    const seen = await call(messagesRoute.GET, "GET", asVisitor(mine.json.token));
    expect(JSON.stringify(seen.json)).not.toContain("other visitor");

    // A token names its conversation; changing that name breaks the signature.
    const [body, signature] = mine.json.token.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const forged = `${Buffer.from(JSON.stringify({ ...claims, conversationId: theirs.json.conversationId })).toString("base64url")}.${signature}`;
    expect((await call(messagesRoute.GET, "GET", asVisitor(forged))).status).toBe(401);
    // A genuine token whose claims do not fit together (another contact's conversation) reaches nothing.
    const mixed = signVisitorToken({ businessId, contactId: claims.contactId, conversationId: theirs.json.conversationId, origin: SHOP }).token;
    expect((await call(messagesRoute.GET, "GET", asVisitor(mixed))).status).toBe(404);
    expect((await call(messagesRoute.GET, "GET", { origin: ORIGIN })).status).toBe(401);
  });

  it("never include internal notes", async () => {
    const visitor = await session();
    await postNote(owner.actor, businessId, visitor.json.conversationId, { content: "Secret staff note", clientMessageId: "note-1" });
    await say(visitor.json.token, "Hello");
    const listed = await call(messagesRoute.GET, "GET", asVisitor(visitor.json.token));
    const resumed = await session({ visitorId: visitor.json.visitorId });
    for (const body of [listed.json, resumed.json]) expect(JSON.stringify(body)).not.toContain("Secret staff note");
    expect(listed.json.data.every((m: Record<string, unknown>) => ["contact", "assistant", "staff"].includes(m.role as string) && !("costUsd" in m))).toBe(true);
  });

  it("resync from a seq without losing or repeating anything", async () => {
    const visitor = await session();
    const held = visitor.json.messages.at(-1).seq as number;
    const sent = await say(visitor.json.token, "What do you offer?");
    expect(sent.status).toBe(200);
    expect(sent.json.reply.role).toBe("assistant");
    const after = await call(messagesRoute.GET, "GET", { ...asVisitor(visitor.json.token), query: `after=${held}` });
    expect(after.json.data.map((m: { seq: number }) => m.seq)).toEqual([held + 1, held + 2]);
    expect(after.json.data.map((m: { id: string }) => m.id)).toEqual([sent.json.message.id, sent.json.reply.id]);
    const none = await call(messagesRoute.GET, "GET", { ...asVisitor(visitor.json.token), query: `after=${held + 2}` });
    expect(none.json).toMatchObject({ data: [], more: false, state: { status: "open", holder: "ai", staffName: null } });
    const bad = await call(messagesRoute.GET, "GET", { ...asVisitor(visitor.json.token), query: "after=-1&x=1" });
    expect(bad.status).toBe(422);
  });

  it("store a retried message once and answer it once", async () => {
    const visitor = await session();
    const first = await say(visitor.json.token, "Hello there", "same-id");
    const retry = await say(visitor.json.token, "Hello there", "same-id");
    expect(retry.json.duplicate).toBe(true);
    expect(retry.json.message.id).toBe(first.json.message.id);
    expect(retry.json.reply.id).toBe(first.json.reply.id);
    const all = await call(messagesRoute.GET, "GET", asVisitor(visitor.json.token));
    expect(all.json.data.filter((m: { role: string }) => m.role === "contact")).toHaveLength(1);
  });

  it("validate what the visitor sends", async () => {
    const visitor = await session();
    const empty = await call(messagesRoute.POST, "POST", { ...asVisitor(visitor.json.token), body: { content: " ", clientMessageId: "x", extra: 1 } });
    expect([empty.status, empty.json.errors.map((e: { path: string }) => e.path).sort()]).toEqual([422, ["content", "extra"]]);
  });

  it("stream the reply as server-sent events", async () => {
    const visitor = await session();
    const response = await messagesRoute.POST(
      new Request(`${ORIGIN}/api/widget/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${visitor.json.token}`, accept: "text/event-stream", "content-type": "application/json", "x-parley-client-ip": ip() },
        body: JSON.stringify({ content: "Hello", clientMessageId: "sse-1" }),
      }),
    );
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    expect(text).toContain("event: done");
    const done = JSON.parse(/event: done\ndata: (.*)/.exec(text)![1]!);
    expect(done.reply.role).toBe("assistant");
    expect(Object.keys(done.conversation).sort()).toEqual(["askEmail", "holder", "staffName", "status"]);
  });

  it("are rate limited per visitor", async () => {
    const visitor = await session();
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await say(visitor.json.token, `Message ${i}`)).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(20);
    expect(statuses[20]).toBe(429);
  });
});

describe("identity verification", () => {
  const sign = (secret: string, userId: string) => createHmac("sha256", secret).update(userId).digest("hex");
  const jwt = (secret: string, claims: Record<string, unknown>, alg = "HS256") => {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const body = `${part({ alg, typ: "JWT" })}.${part(claims)}`;
    return `${body}.${createHmac("sha256", secret).update(body).digest("base64url")}`;
  };
  async function newSecret(): Promise<string> {
    const made = await call(secretRoute.POST, "POST", { as: owner, params: { businessId } });
    expect(made.status).toBe(201);
    expect(made.json.hint).toBe(made.json.secret.slice(-4));
    return made.json.secret;
  }

  it("shows the secret once, to owners and admins of the business only", async () => {
    await newSecret();
    const got = await call(businessRoute.GET, "GET", { as: owner, params: { businessId } });
    expect(JSON.stringify(got.json)).not.toMatch(/wsec_/);
    const stranger = await makeUser("stranger");
    await createSampleBusiness(stranger.actor);
    expect((await call(secretRoute.POST, "POST", { as: stranger, params: { businessId } })).status).toBe(404);
    const read = await createApiKey(owner.actor, businessId, { name: "read", scopes: ["read"] });
    expect((await call(secretRoute.POST, "POST", { headers: { authorization: `Bearer ${read.secret}` }, origin: null, params: { businessId } })).status).toBe(403);
  });

  it("follows a verified user to their conversation from any browser, by HMAC or JWT", async () => {
    const secret = await newSecret();
    const onLaptop = await session({ identity: { userId: "user-42", name: "Ana Lima", email: "ana@example.com", signature: sign(secret, "user-42") } });
    expect(onLaptop.status, JSON.stringify(onLaptop.json)).toBe(200);
    const onPhone = await session({ identity: { userId: "user-42", jwt: jwt(secret, { sub: "user-42", exp: Math.floor(Date.now() / 1000) + 60 }) } });
    expect(onPhone.status, JSON.stringify(onPhone.json)).toBe(200);
    expect([onPhone.json.conversationId, onPhone.json.visitorId]).toEqual([onLaptop.json.conversationId, onLaptop.json.visitorId]);
    const staffView = await getConversation(owner.actor, businessId, onLaptop.json.conversationId);
    expect(staffView.contact).toMatchObject({ name: "Ana Lima", email: "ana@example.com", externalId: "user-42" });

    // A forged claim to be user-42 does not reach their conversation.
    const forged = await session({ identity: { userId: "user-42", signature: sign("not the secret", "user-42") } });
    expect(forged.json.conversationId).not.toBe(onLaptop.json.conversationId);
    const expired = await session({ identity: { userId: "user-42", jwt: jwt(secret, { sub: "user-42", exp: 1 }) } });
    expect(expired.json.conversationId).not.toBe(onLaptop.json.conversationId);
    const noneAlg = await session({ identity: { userId: "user-42", jwt: jwt(secret, { sub: "user-42" }, "none") } });
    expect(noneAlg.json.conversationId).not.toBe(onLaptop.json.conversationId);

    // A rotated secret no longer verifies the old signature.
    await newSecret();
    const stale = await session({ identity: { userId: "user-42", signature: sign(secret, "user-42") } });
    expect(stale.json.conversationId).not.toBe(onLaptop.json.conversationId);
  });

  it("never hands a verified user's conversation to whoever uses the browser next without the proof", async () => {
    const secret = await newSecret();
    const signedIn = await session({ identity: { userId: "user-9", name: "Cy", signature: sign(secret, "user-9") } });
    expect(signedIn.status, JSON.stringify(signedIn.json)).toBe(200);
    // Signed out on a shared computer: the same browser's visitor id, no identity, or a false one.
    for (const identity of [undefined, { userId: "user-9", name: "Mallory" }]) {
      const next = await session({ visitorId: signedIn.json.visitorId, ...(identity ? { identity } : {}) });
      expect(next.status).toBe(200);
      expect(next.json.conversationId).not.toBe(signedIn.json.conversationId);
      expect(next.json.visitorId).not.toBe(signedIn.json.visitorId);
    }
    // The verified contact kept its own name.
    expect((await getConversation(owner.actor, businessId, signedIn.json.conversationId)).contact).toMatchObject({ name: "Cy", externalId: "user-9" });
  });

  it("keeps unverified claims as the visitor's own word, or refuses them when verification is required", async () => {
    const secret = await newSecret();
    const unsigned = await session({ identity: { userId: "user-7", name: "Bo" } });
    expect(unsigned.status).toBe(200);
    expect((await getConversation(owner.actor, businessId, unsigned.json.conversationId)).contact).toMatchObject({ name: "Bo", externalId: null });

    await call(businessRoute.PATCH, "PATCH", { as: owner, params: { businessId }, body: { widget: { requireVerifiedIdentity: true } } });
    const refused = await session({ identity: { userId: "user-7", name: "Bo" } });
    expect([refused.status, refused.json.code]).toEqual([403, "forbidden"]);
    expect((await session({ identity: { userId: "user-7", signature: sign(secret, "user-7") } })).status).toBe(200);
    expect((await session()).status).toBe(200);
  });
});
