import { and, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { template } from "@/db/schema";
import { updateBusiness } from "@/lib/businesses/service";
import { getConversation, updateConversation } from "@/lib/conversations/service";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { updateTemplate } from "@/lib/templates/service";
import { signVisitorToken, VISITOR_TOKEN_TTL_SECONDS } from "@/lib/widget/token";
import { startVisitorSession } from "@/lib/widget/service";
import { collect, request, startRealtime } from "../support/sockets";
import { makeUser, type TestUser } from "./helpers";

const SHOP = "https://shop.example.com";

let server: Awaited<ReturnType<typeof startRealtime>>;
let owner: TestUser;
let stranger: TestUser;
let businessId: string;
let key: string;

beforeAll(async () => {
  server = await startRealtime();
  [owner, stranger] = await Promise.all([makeUser("maya lopez"), makeUser("sam")]);
  businessId = (await createSampleBusiness(owner.actor)).id;
  key = (await updateBusiness(owner.actor, businessId, { widget: { allowedOrigins: [SHOP] } })).widgetPublicKey;
  await createSampleBusiness(stranger.actor);
});

afterEach(() => server.closeSockets());
afterAll(() => server.stop());

let visitors = 0;
/** A new visitor's widget session, as the frame gets it over REST. */
async function newVisitor() {
  const session = await startVisitorSession({ key, hostOrigin: SHOP }, { callerOrigin: null, selfOrigins: [], ip: `10.1.2.${++visitors}` });
  return { ...session, socket: await server.visitorSocket(session.token) };
}

describe("visitor sockets: who may connect", () => {
  it("refuses a missing, forged or foreign-origin token", async () => {
    await expect(server.visitorSocket("nonsense")).rejects.toThrow("unauthenticated");
    const { token } = await newVisitor();
    const [body, signature] = token.split(".");
    const tampered = `${body!.slice(0, -2)}xx.${signature}`;
    await expect(server.visitorSocket(tampered)).rejects.toThrow("unauthenticated");
    // A page on an origin the business does not allow cannot use the token.
    await expect(server.visitorSocket(token, "https://evil.example.com")).rejects.toThrow("origin_mismatch");
    // The page it was issued for may connect directly.
    await expect(server.visitorSocket(token, SHOP)).resolves.toBeTruthy();
  });

  it("ends a session whose origin the business no longer allows", async () => {
    const { token } = await newVisitor();
    await updateBusiness(owner.actor, businessId, { widget: { allowedOrigins: ["https://other.example.com"] } });
    try {
      await expect(server.visitorSocket(token)).rejects.toThrow("origin_mismatch");
    } finally {
      await updateBusiness(owner.actor, businessId, { widget: { allowedOrigins: [SHOP] } });
    }
  });

  it("ends a live socket at its next event once its origin is removed or its token expires", async () => {
    const { socket } = await newVisitor();
    await updateBusiness(owner.actor, businessId, { widget: { allowedOrigins: ["https://other.example.com"] } });
    try {
      expect(await request(socket, "visitor:send", { content: "still here?", clientMessageId: "gone-1" })).toEqual({ ok: false, code: "unauthenticated" });
      await expect.poll(() => socket.connected).toBe(false);
    } finally {
      await updateBusiness(owner.actor, businessId, { widget: { allowedOrigins: [SHOP] } });
    }

    const ana = await newVisitor();
    const claims = JSON.parse(Buffer.from(ana.token.split(".")[0]!, "base64url").toString()) as { contactId: string; conversationId: string };
    // Issued (nearly) a day ago: it expires a moment after connecting.
    const { token } = signVisitorToken({ businessId, contactId: claims.contactId, conversationId: claims.conversationId, origin: SHOP }, Date.now() - VISITOR_TOKEN_TTL_SECONDS * 1000 + 1500);
    const expiring = await server.visitorSocket(token);
    expect(await request(expiring, "visitor:sync", { after: 0 })).toMatchObject({ ok: true });
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(await request(expiring, "visitor:sync", { after: 0 })).toEqual({ ok: false, code: "unauthenticated" });
  });

  it("reaches only the visitor's own conversation", async () => {
    const ana = await newVisitor();
    const ben = await newVisitor();
    // A token naming Ben's conversation with Ana's contact is refused, even correctly signed.
    const claims = JSON.parse(Buffer.from(ana.token.split(".")[0]!, "base64url").toString()) as { contactId: string };
    const mixed = signVisitorToken({ businessId, contactId: claims.contactId, conversationId: ben.conversationId, origin: SHOP }).token;
    await expect(server.visitorSocket(mixed)).rejects.toThrow("unauthenticated");
    // Payloads cannot name another conversation: strict schemas refuse unknown fields.
    const sneaky = { content: "hi", clientMessageId: "s-1", conversationId: ben.conversationId } as unknown as { content: string; clientMessageId: string };
    expect(await request(ana.socket, "visitor:send", sneaky)).toEqual({ ok: false, code: "validation_failed" });
    // What Ana says never reaches Ben's socket.
    const benHears = collect(ben.socket, "visitor:message");
    expect(await request(ana.socket, "visitor:send", { content: "Only for Ana", clientMessageId: "a-1" })).toMatchObject({ ok: true });
    const anaHears = collect(ana.socket, "visitor:message");
    await expect.poll(() => anaHears.some((m) => m.role === "assistant" && m.status === "complete")).toBe(true);
    expect(benHears).toEqual([]);
  });

  it("keeps staff of another business out of a visitor's conversation", async () => {
    const ana = await newVisitor();
    const sam = await server.staffSocket(stranger);
    const otherBusiness = (await request(sam, "console:join", { businessId })).ok;
    expect(otherBusiness).toBe(false);
    expect(await request(sam, "conversation:join", { businessId, conversationId: ana.conversationId })).toEqual({ ok: false, code: "not_found" });
  });
});

describe("visitor sockets: the chat", () => {
  it("streams the agent's reply in batches, stores a retried message once, and resyncs from a seq", async () => {
    const { socket, messages } = await newVisitor();
    const greeting = messages.at(-1)!;
    const deltas = collect(socket, "visitor:delta");
    const heard = collect(socket, "visitor:message");
    const payload = { content: "I'm looking for a bike", clientMessageId: "c-1" };
    const first = await request(socket, "visitor:send", payload);
    const again = await request(socket, "visitor:send", payload);
    expect(first).toMatchObject({ ok: true, duplicate: false, message: { role: "contact", content: payload.content } });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    await expect.poll(() => heard.find((m) => m.role === "assistant" && m.status === "complete")?.content).toBe("Great! What's your name?");
    expect(deltas.map((d) => d.text).join("")).toBe("Great! What's your name?");
    expect(deltas.length).toBeLessThan(8);
    // Nothing but what a visitor may see: no authors, costs or notes.
    expect(Object.keys(heard[0]!).sort()).toEqual(["clientMessageId", "content", "createdAt", "id", "role", "seq", "status"]);

    const sync = await request(socket, "visitor:sync", { after: greeting.seq });
    expect(sync).toMatchObject({ ok: true, more: false, state: { holder: "ai", staffName: null } });
    expect((sync as unknown as { messages: { content: string }[] }).messages.map((m) => m.content)).toEqual([payload.content, "Great! What's your name?"]);
  });

  it("shows staff replies, typing and read marks, never notes, and says who joined", async () => {
    const { socket, conversationId, token } = await newVisitor();
    await request(socket, "visitor:send", { content: "Can a human help?", clientMessageId: "h-1" });
    const heard = collect(socket, "visitor:message");
    const states = collect(socket, "visitor:state");
    const typing = collect(socket, "visitor:typing");
    const seen = collect(socket, "visitor:seen");

    const maya = await server.staffSocket(owner);
    const staffTyping = collect(maya, "typing");
    await request(maya, "conversation:join", { businessId, conversationId });
    await expect.poll(() => seen.at(-1)?.seq).toBeGreaterThan(0);

    await request(socket, "visitor:typing", { typing: true });
    await expect.poll(() => staffTyping.at(-1)).toMatchObject({ conversationId, typing: true, name: "Visitor" });
    await request(maya, "typing", { conversationId, typing: true });
    await expect.poll(() => typing.at(-1)).toEqual({ name: "maya", typing: true });
    // Leaving the conversation while typing stops it; the visitor's other tab closing does too.
    await request(maya, "conversation:leave", { conversationId });
    await expect.poll(() => typing.at(-1)).toEqual({ name: "maya", typing: false });
    await request(maya, "conversation:join", { businessId, conversationId });
    const otherTab = await server.visitorSocket(token);
    await request(otherTab, "visitor:typing", { typing: true });
    await expect.poll(() => staffTyping.at(-1)).toMatchObject({ typing: true, name: "Visitor" });
    otherTab.close();
    await expect.poll(() => staffTyping.at(-1)).toMatchObject({ typing: false, name: "Visitor" });

    await request(maya, "staff:send", { businessId, conversationId, kind: "note", content: "VIP customer", clientMessageId: "n-1" });
    await request(maya, "staff:send", { businessId, conversationId, kind: "reply", content: "Hi, Maya here!", clientMessageId: "r-1" });
    await expect.poll(() => heard.map((m) => m.content)).toContain("Hi, Maya here!");
    expect(heard.map((m) => m.content)).not.toContain("VIP customer");
    await expect.poll(() => states.at(-1)).toMatchObject({ holder: "human", staffName: "maya" });

    // Written while Maya has the conversation open: seen at once.
    const sent = await request(socket, "visitor:send", { content: "Thanks!", clientMessageId: "h-2" });
    const seq = (sent as unknown as { message: { seq: number } }).message.seq;
    await expect.poll(() => seen.at(-1)?.seq).toBe(seq);
  });

  it("takes back the reply that was streaming when staff took over", async () => {
    // A business of its own whose welcome reply is long enough to take over while it streams.
    const shopId = (await createSampleBusiness(owner.actor)).id;
    const shopKey = (await updateBusiness(owner.actor, shopId, { widget: { allowedOrigins: [SHOP] } })).widgetPublicKey;
    const [welcome] = await (await getDb()).select().from(template).where(and(eq(template.businessId, shopId), eq(template.name, "Welcome reply")));
    await updateTemplate(owner.actor, shopId, welcome!.id, { body: Array.from({ length: 80 }, (_, i) => `word${i}`).join(" ") });
    const session = await startVisitorSession({ key: shopKey, hostOrigin: SHOP }, { callerOrigin: null, selfOrigins: [], ip: "10.1.3.1" });
    const socket = await server.visitorSocket(session.token);
    const deltas = collect(socket, "visitor:delta");
    const retracted = collect(socket, "visitor:retracted");

    await request(socket, "visitor:send", { content: "hello", clientMessageId: "long-1" });
    await expect.poll(() => deltas.length).toBeGreaterThan(0);
    await updateConversation(owner.actor, shopId, session.conversationId, { holder: "human" });
    await expect.poll(() => retracted).toEqual([{ messageId: deltas[0]!.messageId }]);
    // A widget that missed the event does not get it back either.
    const sync = await request(socket, "visitor:sync", { after: 0 });
    if (!sync.ok) throw new Error(sync.code);
    expect(sync.messages.map((m) => m.id)).not.toContain(deltas[0]!.messageId);
  });

  it("offers to take an email when a handoff finds nobody online, and stores it", async () => {
    const { socket, conversationId } = await newVisitor();
    const states = collect(socket, "visitor:state");
    await updateConversation(owner.actor, businessId, conversationId, { status: "waiting" });
    await expect.poll(() => states.at(-1)).toMatchObject({ status: "waiting", askEmail: true });
    expect(await request(socket, "visitor:email", { email: "not an email" })).toEqual({ ok: false, code: "validation_failed" });
    const left = await request(socket, "visitor:email", { email: "ana@example.com" });
    expect(left).toMatchObject({ ok: true, state: { askEmail: false } });
    // Staff see it on the conversation's contact.
    expect((await getConversation(owner.actor, businessId, conversationId)).contact.email).toBe("ana@example.com");
  });
});
