import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import * as notes from "@/app/api/v1/businesses/[businessId]/conversations/[conversationId]/notes/route";
import * as staffMessages from "@/app/api/v1/businesses/[businessId]/conversations/[conversationId]/staff-messages/route";
import * as timelineRoute from "@/app/api/v1/businesses/[businessId]/conversations/[conversationId]/timeline/route";
import { getDb } from "@/db";
import { membership, stage } from "@/db/schema";
import { createApiKey } from "@/lib/api-keys/service";
import { getConversation, listMessages, postContactMessage, startConversation, updateConversation } from "@/lib/conversations/service";
import { postNote, postStaffMessage } from "@/lib/conversations/staff";
import { conversationTimeline } from "@/lib/conversations/timeline";
import { onConversationEvents, type EngineEvent } from "@/lib/engine/events";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { call, makeUser, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;
let conversationId: string;

beforeEach(async () => {
  owner = await makeUser("olga");
  businessId = (await createSampleBusiness(owner.actor)).id;
  conversationId = (await startConversation(owner.actor, businessId, { contact: { name: "Ana" } })).id;
});

const roles = async () => (await listMessages(owner.actor, businessId, conversationId, { limit: 200 })).data.map((m) => `${m.role}:${m.status}`);

describe("staff replies", () => {
  it("take the conversation over: assigned to the replier, pending messages answered, the AI silent", async () => {
    // A message the AI has not answered yet: the human's reply answers it.
    await postContactMessage(owner.actor, businessId, conversationId, { content: "I want to talk to a human", clientMessageId: "c-1" });
    expect(await getConversation(owner.actor, businessId, conversationId)).toMatchObject({ status: "waiting", holder: "human" });

    const events: EngineEvent[] = [];
    const stop = onConversationEvents(conversationId, (e) => events.push(e));
    const { message, duplicate } = await postStaffMessage(owner.actor, businessId, conversationId, { content: "Hi Ana, Olga here.", clientMessageId: "s-1" });
    stop();
    expect(duplicate).toBe(false);
    expect(message).toMatchObject({ role: "staff", status: "complete", authorId: owner.id, content: "Hi Ana, Olga here." });
    expect(events.map((e) => e.type)).toEqual(["message", "conversation"]);
    expect(await getConversation(owner.actor, businessId, conversationId)).toMatchObject({ status: "open", holder: "human", assigneeId: owner.id });

    const later = await postContactMessage(owner.actor, businessId, conversationId, { content: "I'm looking for a bike", clientMessageId: "c-2" });
    expect(later.reply).toBeNull();
    expect((await roles()).at(-1)).toBe("contact:pending");
  });

  it("from an AI-held conversation mute the AI at once, until handed back", async () => {
    await postStaffMessage(owner.actor, businessId, conversationId, { content: "I'll take this one.", clientMessageId: "s-1" });
    const ignored = await postContactMessage(owner.actor, businessId, conversationId, { content: "I'm looking for a bike", clientMessageId: "c-1" });
    expect(ignored.reply).toBeNull();
    await updateConversation(owner.actor, businessId, conversationId, { holder: "ai" });
    await expect.poll(async () => (await roles()).at(-1), { timeout: 5000 }).toBe("assistant:complete");
  });

  it("see a resolved conversation the contact writes to again reopen live, while staff hold it", async () => {
    await postStaffMessage(owner.actor, businessId, conversationId, { content: "All sorted?", clientMessageId: "s-1" });
    await updateConversation(owner.actor, businessId, conversationId, { status: "resolved" });
    const events: EngineEvent[] = [];
    const stop = onConversationEvents(conversationId, (e) => events.push(e));
    await postContactMessage(owner.actor, businessId, conversationId, { content: "Actually, one more thing", clientMessageId: "c-1" });
    stop();
    expect(events.map((e) => e.type)).toEqual(["message", "conversation"]);
    expect(events[1]).toMatchObject({ conversation: { status: "open", holder: "human" } });
  });

  it("are stored once per clientMessageId", async () => {
    const first = await postStaffMessage(owner.actor, businessId, conversationId, { content: "Hello", clientMessageId: "same" });
    const again = await postStaffMessage(owner.actor, businessId, conversationId, { content: "Hello", clientMessageId: "same" });
    expect(again).toMatchObject({ duplicate: true, message: { id: first.message.id } });
    expect((await roles()).filter((r) => r.startsWith("staff"))).toHaveLength(1);
  });

  it("cannot reach another business's conversation, and viewers cannot write", async () => {
    const stranger = await makeUser("sam");
    const theirs = (await createSampleBusiness(stranger.actor)).id;
    await expect(postStaffMessage(stranger.actor, businessId, conversationId, { content: "x", clientMessageId: "a" })).rejects.toMatchObject({ code: "not_found" });
    await expect(postNote(stranger.actor, theirs, conversationId, { content: "x", clientMessageId: "b" })).rejects.toMatchObject({ code: "not_found" });
    await expect(conversationTimeline(stranger.actor, theirs, conversationId)).rejects.toMatchObject({ code: "not_found" });

    const viewer = await makeUser("vic");
    const db = await getDb();
    await db.insert(membership).values({ businessId, userId: viewer.id, role: "viewer" });
    await expect(postStaffMessage(viewer.actor, businessId, conversationId, { content: "x", clientMessageId: "c" })).rejects.toMatchObject({ code: "forbidden" });
    await expect(conversationTimeline(viewer.actor, businessId, conversationId)).resolves.toHaveLength(1);
  });
});

describe("internal notes", () => {
  it("are logged without taking over or answering the contact", async () => {
    const { message } = await postNote(owner.actor, businessId, conversationId, { content: "VIP customer", clientMessageId: "n-1" });
    expect(message).toMatchObject({ role: "note", status: "complete", authorId: owner.id });
    expect(await getConversation(owner.actor, businessId, conversationId)).toMatchObject({ holder: "ai", assigneeId: null });
    // The AI still answers, and never sees the note as part of the chat.
    const { reply } = await postContactMessage(owner.actor, businessId, conversationId, { content: "I'm looking for a bike", clientMessageId: "c-1" });
    expect(reply?.content).toBe("Great! What's your name?");
  });
});

describe("the stage timeline", () => {
  it("lists transitions with stage names and who made them", async () => {
    await postContactMessage(owner.actor, businessId, conversationId, { content: "I'm looking for a bike", clientMessageId: "c-1" });
    const db = await getDb();
    const offer = (await db.select().from(stage).where(eq(stage.businessId, businessId))).find((s) => s.key === "offer")!;
    await updateConversation(owner.actor, businessId, conversationId, { stageId: offer.id });
    const timeline = await conversationTimeline(owner.actor, businessId, conversationId);
    expect(timeline.map((e) => [e.actor, e.from?.name ?? null, e.to?.name ?? null, e.by?.name ?? null])).toEqual([
      ["rule", null, "Welcome", null],
      ["ai", "Welcome", "Qualify", null],
      ["staff", "Qualify", "Offer", "olga"],
    ]);
  });
});

describe("REST: staff messages, notes and the timeline", () => {
  const params = () => ({ businessId, conversationId });
  const bearer = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` }, origin: null });

  it.each([
    ["staff-messages", staffMessages.POST, "staff"],
    ["notes", notes.POST, "note"],
  ] as const)("POST %s stores once: 201, then 200 for a retry", async (_name, handler, role) => {
    const body = { content: "On it.", clientMessageId: "r-1" };
    const first = await call(handler, "POST", { as: owner, params: params(), body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ duplicate: false, message: { role, content: "On it.", authorId: owner.id } });
    expect(first.json.message.businessId).toBeUndefined();
    const again = await call(handler, "POST", { as: owner, params: params(), body });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ duplicate: true, message: { id: first.json.message.id } });
  });

  it("refuses bad input with field errors, malformed JSON and unknown fields", async () => {
    const blank = await call(staffMessages.POST, "POST", { as: owner, params: params(), body: { content: " ", clientMessageId: "a" } });
    expect(blank.status).toBe(422);
    expect(blank.json.errors).toEqual([{ path: "content", message: "Write a message." }]);
    const missing = await call(notes.POST, "POST", { as: owner, params: params(), body: { content: "x" } });
    expect(missing.json.errors.map((e: { path: string }) => e.path)).toEqual(["clientMessageId"]);
    const malformed = await call(staffMessages.POST, "POST", { as: owner, params: params(), rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect(malformed.status).toBe(400);
    expect(malformed.json.code).toBe("malformed_json");
    const unknown = await call(staffMessages.POST, "POST", { as: owner, params: params(), body: { content: "x", clientMessageId: "b", role: "assistant" } });
    expect(unknown.status).toBe(422);
  });

  it("answers 403 to a viewer's write and 404 for another business's conversation", async () => {
    const viewer = await makeUser("vic");
    await (await getDb()).insert(membership).values({ businessId, userId: viewer.id, role: "viewer" });
    const forbidden = await call(notes.POST, "POST", { as: viewer, params: params(), body: { content: "x", clientMessageId: "v" } });
    expect(forbidden.status).toBe(403);
    expect((await call(timelineRoute.GET, "GET", { as: viewer, params: params() })).status).toBe(200);

    const stranger = await makeUser("sam");
    const theirs = (await createSampleBusiness(stranger.actor)).id;
    const cross = await call(staffMessages.POST, "POST", { as: stranger, params: { businessId: theirs, conversationId }, body: { content: "x", clientMessageId: "s" } });
    expect(cross.status).toBe(404);
    expect((await call(timelineRoute.GET, "GET", { as: stranger, params: { businessId: theirs, conversationId } })).status).toBe(404);
    expect((await call(timelineRoute.GET, "GET", { as: owner, params: { businessId, conversationId: crypto.randomUUID() } })).status).toBe(404);
  });

  it("lets a read key read the timeline and only a write key post", async () => {
    const read = (await createApiKey(owner.actor, businessId, { name: "Reader", scopes: ["read"] })).secret;
    const write = (await createApiKey(owner.actor, businessId, { name: "Writer", scopes: ["read", "write"] })).secret;
    const timeline = await call(timelineRoute.GET, "GET", { params: params(), ...bearer(read) });
    expect(timeline.status).toBe(200);
    expect(timeline.json.data).toEqual([expect.objectContaining({ actor: "rule", from: null, to: expect.objectContaining({ key: "welcome" }), by: null })]);
    const body = { content: "From our CRM.", clientMessageId: "k-1" };
    expect((await call(staffMessages.POST, "POST", { params: params(), body, ...bearer(read) })).status).toBe(403);
    const posted = await call(staffMessages.POST, "POST", { params: params(), body, ...bearer(write) });
    expect(posted.status).toBe(201);
    // A key acts for no person: the reply has no author and assigns nobody.
    expect(posted.json.message.authorId).toBeNull();
    expect(await getConversation(owner.actor, businessId, conversationId)).toMatchObject({ holder: "human", assigneeId: null });
  });
});
