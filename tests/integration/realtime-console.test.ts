import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { membership } from "@/db/schema";
import { postContactMessage, startConversation } from "@/lib/conversations/service";
import { onConversationEvents } from "@/lib/engine/events";
import { removeMember } from "@/lib/members/service";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { collect, request, startRealtime } from "../support/sockets";
import { makeUser, type TestUser } from "./helpers";

let server: Awaited<ReturnType<typeof startRealtime>>;
let ownerA: TestUser;
let ownerB: TestUser;
let viewerA: TestUser;
let businessA: string;
let businessB: string;
let conversationA: string;
let conversationB: string;

beforeAll(async () => {
  server = await startRealtime();
  [ownerA, ownerB, viewerA] = await Promise.all([makeUser("alma"), makeUser("bert"), makeUser("vera")]);
  businessA = (await createSampleBusiness(ownerA.actor)).id;
  businessB = (await createSampleBusiness(ownerB.actor)).id;
  const db = await getDb();
  await db.insert(membership).values({ businessId: businessA, userId: viewerA.id, role: "viewer" });
  conversationA = (await startConversation(ownerA.actor, businessA, { contact: { name: "Ana" } })).id;
  conversationB = (await startConversation(ownerB.actor, businessB, { contact: { name: "Ben" } })).id;
});

afterEach(() => server.closeSockets());
afterAll(() => server.stop());

const staffSocket = (who: TestUser) => server.staffSocket(who);

describe("room authorisation", () => {
  it("lets a member join their business's rooms", async () => {
    const socket = await staffSocket(ownerA);
    expect(await request(socket, "console:join", { businessId: businessA })).toEqual({ ok: true });
    const joined = await request(socket, "conversation:join", { businessId: businessA, conversationId: conversationA });
    expect(joined).toMatchObject({ ok: true, viewers: [{ userId: ownerA.id, name: "alma" }], conversation: { id: conversationA, contact: { name: "Ana" } } });
  });

  it("brings on join what was stored after the seq the console holds", async () => {
    const { id } = await startConversation(ownerA.actor, businessA, { contact: { name: "Cleo" } });
    const socket = await staffSocket(ownerA);
    const first = await request(socket, "conversation:join", { businessId: businessA, conversationId: id });
    if (!first.ok) throw new Error(first.code);
    const held = first.messages.at(-1)!.seq; // the greeting, as a page rendered before the contact wrote
    // Written while the page loaded, before its socket joined: no event reached it.
    await postContactMessage(ownerA.actor, businessA, id, { content: "Hello, I need a quote", clientMessageId: "late-1" });
    const caughtUp = await request(socket, "conversation:join", { businessId: businessA, conversationId: id, after: held });
    if (!caughtUp.ok) throw new Error(caughtUp.code);
    expect(caughtUp.messages.map((m) => m.role)).toEqual(["contact", "assistant"]);
    expect(caughtUp.messages[0]!.content).toBe("Hello, I need a quote");
    expect(caughtUp.more).toBe(false);
    expect(caughtUp.conversation.lastMessageAt).not.toBe(first.conversation.lastMessageAt);
  });

  it("answers not_found for another business's rooms and conversations, never revealing them", async () => {
    const socket = await staffSocket(ownerA);
    expect(await request(socket, "console:join", { businessId: businessB })).toEqual({ ok: false, code: "not_found" });
    expect(await request(socket, "conversation:join", { businessId: businessB, conversationId: conversationB })).toEqual({ ok: false, code: "not_found" });
    // A's own business id with B's conversation is as absent as an unknown one.
    expect(await request(socket, "conversation:join", { businessId: businessA, conversationId: conversationB })).toEqual({ ok: false, code: "not_found" });
  });

  it("refuses sending into another business's conversation", async () => {
    const socket = await staffSocket(ownerA);
    const sent = await request(socket, "staff:send", { businessId: businessB, conversationId: conversationB, kind: "reply", content: "hi", clientMessageId: "x-1" });
    expect(sent).toEqual({ ok: false, code: "not_found" });
    const viaOwnBusiness = await request(socket, "staff:send", { businessId: businessA, conversationId: conversationB, kind: "note", content: "hi", clientMessageId: "x-2" });
    expect(viaOwnBusiness).toEqual({ ok: false, code: "not_found" });
    // Typing into a room the socket was never admitted to is refused too.
    expect(await request(socket, "typing", { conversationId: conversationB, typing: true })).toEqual({ ok: false, code: "not_found" });
  });

  it("validates every payload", async () => {
    const socket = await staffSocket(ownerA);
    expect(await request(socket, "console:join", { businessId: "nope" })).toEqual({ ok: false, code: "validation_failed" });
    const extra = { businessId: businessA, admin: true } as unknown as { businessId: string };
    expect(await request(socket, "console:join", extra)).toEqual({ ok: false, code: "validation_failed" });
    expect(await request(socket, "staff:send", { businessId: businessA, conversationId: conversationA, kind: "reply", content: "   ", clientMessageId: "blank" })).toEqual({ ok: false, code: "validation_failed" });
  });

  it("lets a viewer watch but not write", async () => {
    const socket = await staffSocket(viewerA);
    expect(await request(socket, "console:join", { businessId: businessA })).toEqual({ ok: true });
    const sent = await request(socket, "staff:send", { businessId: businessA, conversationId: conversationA, kind: "note", content: "hi", clientMessageId: "v-1" });
    expect(sent).toEqual({ ok: false, code: "forbidden" });
  });
});

describe("access changes", () => {
  it("makes a removed member's console reconnect, and its rooms are then refused", async () => {
    const rita = await makeUser("rita");
    await (await getDb()).insert(membership).values({ businessId: businessA, userId: rita.id, role: "agent" });
    const socket = await staffSocket(rita);
    expect(await request(socket, "console:join", { businessId: businessA })).toEqual({ ok: true });
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    await removeMember(ownerA.actor, businessA, rita.id);
    // Ended by the server: the console connects again at once (use-staff-socket.ts), through the handshake's checks.
    expect(await closed).toBe("io server disconnect");
    const again = await staffSocket(rita);
    expect(await request(again, "console:join", { businessId: businessA })).toEqual({ ok: false, code: "not_found" });
  });
});

describe("live events", () => {
  it("delivers messages and changes to the right rooms, and batches streamed text", async () => {
    const console = await staffSocket(ownerA);
    const watcher = await staffSocket(ownerA);
    const outsider = await staffSocket(ownerB);
    await request(console, "console:join", { businessId: businessA });
    await request(watcher, "conversation:join", { businessId: businessA, conversationId: conversationA });
    await request(outsider, "console:join", { businessId: businessB });

    const listMessages = collect(console, "conversation:message");
    const listDeltas = collect(console, "conversation:delta");
    const roomMessages = collect(watcher, "conversation:message");
    const roomDeltas = collect(watcher, "conversation:delta");
    const roomUpdates = collect(watcher, "conversation:updated");
    const leaked = [...collect(outsider, "conversation:message"), ...collect(outsider, "conversation:delta")];
    let tokens = 0;
    const stop = onConversationEvents(conversationA, (event) => event.type === "delta" && tokens++);

    const { reply } = await postContactMessage(ownerA.actor, businessA, conversationA, { content: "I'm looking for a bike", clientMessageId: "live-1" });
    stop();
    await expect.poll(() => roomMessages.some((m) => m.message.id === reply?.id && m.message.status === "complete")).toBe(true);

    expect(listMessages.map((m) => m.message.role)).toEqual(expect.arrayContaining(["contact", "assistant"]));
    expect(roomUpdates.at(-1)?.conversation).toMatchObject({ id: conversationA, holder: "ai" });
    // Streamed text goes to the conversation room only, in fewer emits than tokens, and adds up.
    expect(listDeltas).toEqual([]);
    expect(tokens).toBeGreaterThan(3);
    expect(roomDeltas.length).toBeGreaterThan(0);
    expect(roomDeltas.length).toBeLessThan(tokens);
    expect(roomDeltas.map((d) => d.text).join("")).toBe(reply!.content);
    expect(leaked).toEqual([]);
  });

  it("relays typing and tells who else is viewing", async () => {
    const alma = await staffSocket(ownerA);
    const vera = await staffSocket(viewerA);
    const seenByAlma = collect(alma, "viewers");
    const typing = collect(alma, "typing");
    await request(alma, "conversation:join", { businessId: businessA, conversationId: conversationA });
    const joined = await request(vera, "conversation:join", { businessId: businessA, conversationId: conversationA });
    expect(joined).toMatchObject({ ok: true, viewers: [{ name: "alma" }, { name: "vera" }] });
    await expect.poll(() => seenByAlma.at(-1)?.viewers.map((v) => v.name)).toEqual(["alma", "vera"]);

    await request(vera, "typing", { conversationId: conversationA, typing: true });
    await expect.poll(() => typing).toEqual([{ conversationId: conversationA, userId: viewerA.id, name: "vera", typing: true }]);

    // Going away mid-sentence stops the typing, for the staff and the visitor alike.
    vera.close();
    await expect.poll(() => seenByAlma.at(-1)?.viewers.map((v) => v.name)).toEqual(["alma"]);
    await expect.poll(() => typing.at(-1)).toMatchObject({ userId: viewerA.id, typing: false });
  });

  it("sends a staff reply over the socket once, taking the conversation over", async () => {
    const alma = await staffSocket(ownerA);
    await request(alma, "conversation:join", { businessId: businessA, conversationId: conversationA });
    const updates = collect(alma, "conversation:updated");
    const payload = { businessId: businessA, conversationId: conversationA, kind: "reply" as const, content: "  Hi, Alma here.\n", clientMessageId: "staff-sock-1" };
    const first = await request(alma, "staff:send", payload);
    const again = await request(alma, "staff:send", payload);
    expect(first).toMatchObject({ ok: true, duplicate: false, message: { role: "staff", content: "Hi, Alma here.", authorId: ownerA.id } });
    expect(again).toMatchObject({ ok: true, duplicate: true });
    await expect.poll(() => updates.at(-1)?.conversation.holder).toBe("human");
  });
});
