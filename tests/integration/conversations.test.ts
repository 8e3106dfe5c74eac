import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, inject, it } from "vitest";
import * as conversations from "@/app/api/v1/businesses/[businessId]/conversations/route";
import * as one from "@/app/api/v1/businesses/[businessId]/conversations/[conversationId]/route";
import * as messages from "@/app/api/v1/businesses/[businessId]/conversations/[conversationId]/messages/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as preview from "@/app/api/v1/businesses/[businessId]/templates/[templateId]/preview/route";
import { getDb } from "@/db";
import { conversation, message, stage, stageEvent } from "@/db/schema";
import { recoverUnanswered } from "@/lib/engine/recovery";
import { deleteStage } from "@/lib/stages/service";
import { acceptContactMessage } from "@/lib/conversations/service";
import { listTemplates, updateTemplate } from "@/lib/templates/service";
import { nextSeq } from "@/lib/engine/position";
import { acceptInvitation } from "@/lib/members/service";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { pipelineProblems } from "@/lib/stages/graph";
import { call, makeUser, ORIGIN, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;
let conversationId: string;
let sent = 0;

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = (await createSampleBusiness(owner.actor)).id;
  const started = await call(conversations.POST, "POST", { as: owner, params: { businessId }, body: { contact: { id: "crm-42", name: "Ana" } } });
  expect(started.status).toBe(201);
  conversationId = started.json.id;
});

async function say(content: string, as: TestUser = owner, clientMessageId = `m-${++sent}`) {
  return call(messages.POST, "POST", { as, params: { businessId, conversationId }, body: { content, clientMessageId } });
}

async function history() {
  return (await call(messages.GET, "GET", { as: owner, params: { businessId, conversationId }, query: "limit=200" })).json.data as { role: string; content: string; status: string }[];
}

describe("the sample business", () => {
  it("has a valid four-stage pipeline", async () => {
    const db = await getDb();
    const stages = await db.select().from(stage).where(eq(stage.businessId, businessId));
    expect(stages.map((s) => s.key)).toEqual(["welcome", "qualify", "offer", "booked"]);
    expect(pipelineProblems(stages)).toEqual([]);
  });
});

describe("a conversation with the scripted agent", () => {
  it("greets, walks the stages capturing fields, and records every transition", async () => {
    const first = await history();
    expect(first).toEqual([expect.objectContaining({ role: "assistant", content: "Hi! I'm Maya from Acme Bikes (sample). What brings you here today?" })]);

    const steps: [string, string, string][] = [
      ["I'm looking for a bike", "qualify", "Great! What's your name?"],
      ["Ana", "qualify", "Thanks, Ana! What's the best email to send you the options?"],
      ["sure, it's ana@example.com", "offer", "Ana, we have three lines"],
      ["Trail please", "booked", "You're all set, Ana! We'll email ana@example.com today to book a test ride of a Trail bike."],
    ];
    for (const [text, stageKey, reply] of steps) {
      const res = await say(text);
      expect(res.status).toBe(200);
      expect(res.json.message).toMatchObject({ role: "contact", content: text });
      expect(res.json.reply).toMatchObject({ role: "assistant", status: "complete", provider: "scripted", model: "scripted" });
      expect(res.json.reply.content).toContain(reply);
      expect(res.json.reply.outputTokens).toBeGreaterThan(0);
      expect(res.json.reply.latencyMs).toBeGreaterThanOrEqual(0);
      const state = await call(one.GET, "GET", { as: owner, params: { businessId, conversationId } });
      expect(state.json.stage.key).toBe(stageKey);
    }
    const done = await call(one.GET, "GET", { as: owner, params: { businessId, conversationId } });
    expect(done.json).toMatchObject({ status: "open", holder: "ai", aiTurns: 4, captured: { name: "Ana", email: "ana@example.com", line: "Trail" }, contact: { name: "Ana" } });

    const db = await getDb();
    const events = await db.select().from(stageEvent).where(eq(stageEvent.conversationId, conversationId)).orderBy(stageEvent.createdAt);
    expect(events.map((e) => e.actor)).toEqual(["rule", "ai", "ai", "ai"]);
    expect(events.at(-1)?.reason).toBe("Every required field of the stage is captured.");
    // Every contact message is marked answered; nothing is left pending.
    expect((await history()).filter((m) => m.role === "contact").every((m) => m.status === "answered")).toBe(true);
  });

  it("speaks with an edited template on the very next turn", async () => {
    const welcome = (await listTemplates(owner.actor, businessId, { kind: "reply", limit: 50 })).data.find((t) => t.name === "Welcome reply")!;
    await say("hello");
    await updateTemplate(owner.actor, businessId, welcome.id, { body: "Welcome to {{ business.name }}! Shopping for a bike?" });
    const res = await say("hello again");
    expect(res.json.reply.content).toBe("Welcome to Acme Bikes (sample)! Shopping for a bike?");
  });

  it("previews a template with a real conversation's data, only of this business", async () => {
    await say("I'm looking for a bike");
    await say("Ana");
    const welcome = (await listTemplates(owner.actor, businessId, { kind: "greeting", limit: 5 })).data[0]!;
    const body = "{{ captured.name }} is in {{ stage.name }}, talking to {{ agent.name }}{% if captured.budget %} with a budget{% endif %}.";
    const real = await call(preview.POST, "POST", { as: owner, params: { businessId, templateId: welcome.id }, body: { body, conversationId } });
    expect(real.status).toBe(200);
    expect(real.json.text).toBe("Ana is in Qualify, talking to Maya.");
    const stranger = await makeUser("stranger");
    const otherBusiness = (await createSampleBusiness(stranger.actor)).id;
    const theirs = (await call(conversations.POST, "POST", { as: stranger, params: { businessId: otherBusiness }, body: {} })).json.id;
    const crossed = await call(preview.POST, "POST", { as: owner, params: { businessId, templateId: welcome.id }, body: { body, conversationId: theirs } });
    expect(crossed.status).toBe(422);
    expect(crossed.json.errors[0].path).toBe("conversationId");
  });

  it("stores a retried message once and never replies twice", async () => {
    const a = await say("I'm looking for a bike", owner, "same-id");
    const b = await say("I'm looking for a bike", owner, "same-id");
    expect(b.status).toBe(200);
    expect(b.json.duplicate).toBe(true);
    expect(b.json.message.id).toBe(a.json.message.id);
    expect(b.json.reply.id).toBe(a.json.reply.id);
    expect((await history()).filter((m) => m.role === "contact")).toHaveLength(1);
  });

  it("stores two copies of a message sent at the same moment once, and answers it once", async () => {
    const [a, b] = await Promise.all([say("I'm looking for a bike", owner, "twin"), say("I'm looking for a bike", owner, "twin")]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.json.duplicate, b.json.duplicate].sort()).toEqual([false, true]);
    expect(b.json.message.id).toBe(a.json.message.id);
    const shown = await history();
    expect(shown.filter((m) => m.role === "contact")).toHaveLength(1);
    expect(shown.filter((m) => m.role === "assistant")).toHaveLength(2); // the greeting and one reply
    // Neither copy left the conversation's turn held: the next message is answered at once.
    const next = await say("Ana");
    expect(next.json.reply.content).toBe("Thanks, Ana! What's the best email to send you the options?");
    const [row] = await (await getDb()).select({ lease: conversation.turnLeaseUntil }).from(conversation).where(eq(conversation.id, conversationId));
    expect(row!.lease).toBeNull();
  });

  it("answers messages that arrive during a generation together, in order, in one next turn", async () => {
    const contactCount = async () => (await history()).filter((m) => m.role === "contact").length;
    const first = say("hello");
    // While the first reply streams, two more arrive, one after the other.
    await expect.poll(async () => (await history()).some((m) => m.status === "streaming")).toBe(true);
    const second = say("I want to buy a bike");
    await expect.poll(contactCount).toBe(2);
    const third = say("Ana");
    const replies = await Promise.all([first, second, third]);
    expect(replies.every((r) => r.status === 200)).toBe(true);
    // The two that waited share one reply.
    expect(replies[1]!.json.reply.id).toBe(replies[2]!.json.reply.id);
    const log = await history();
    const roles = log.map((m) => m.role);
    // greeting, then the first message and its reply, then the two that waited and one reply for both.
    expect(roles).toEqual(["assistant", "contact", "assistant", "contact", "contact", "assistant"]);
    expect(log.filter((m) => m.role === "contact").map((m) => m.content)).toEqual(["hello", "I want to buy a bike", "Ana"]);
  });

  it("leaves a conversation to the instance that holds its turn, which answers what arrived meanwhile", async () => {
    const db = await getDb();
    const first = say("hello");
    await expect.poll(async () => (await history()).some((m) => m.status === "streaming")).toBe(true);
    // Another instance stores a message now; its own turn would find the lease taken and leave it.
    await acceptContactMessage(owner.actor, businessId, conversationId, { content: "I'm looking for a bike", clientMessageId: "elsewhere" });
    await first;
    await expect.poll(async () => (await history()).at(-1)?.content, { timeout: 5000 }).toBe("Great! What's your name?");

    // While another instance holds the lease, this one does not generate.
    await db.update(conversation).set({ turnLeaseUntil: new Date(Date.now() + 60_000) }).where(eq(conversation.id, conversationId));
    const held = await say("Ana");
    expect(held.json.reply).toBeNull();
    expect(held.json.message.status).toBe("pending");
  });

  it("hands over on a keyword: waiting, the handoff template, and silence from the AI until handed back", async () => {
    const res = await say("I want to talk to a human");
    expect(res.json.reply.content).toBe("I'm bringing in a member of the Acme Bikes (sample) team. They'll reply right here.");
    const state = await call(one.GET, "GET", { as: owner, params: { businessId, conversationId } });
    expect(state.json).toMatchObject({ status: "waiting", holder: "human" });

    const ignored = await say("hello? I'm looking for a bike");
    expect(ignored.json.reply).toBeNull();
    expect(ignored.json.message.status).toBe("pending");

    const back = await call(one.PATCH, "PATCH", { as: owner, params: { businessId, conversationId }, body: { holder: "ai" } });
    expect(back.json).toMatchObject({ holder: "ai", status: "open" });
    // Handing back lets the AI answer what is pending, from the current stage.
    await expect.poll(async () => (await history()).at(-1)?.content, { timeout: 5000 }).toBe("Great! What's your name?");
  });

  it("lets staff move the stage by hand, recorded as a staff event", async () => {
    const db = await getDb();
    const stages = await db.select().from(stage).where(eq(stage.businessId, businessId));
    const target = stages.find((s) => s.key === "offer")!;
    const moved = await call(one.PATCH, "PATCH", { as: owner, params: { businessId, conversationId }, body: { stageId: target.id } });
    expect(moved.json.stage.key).toBe("offer");
    const events = await db.select().from(stageEvent).where(eq(stageEvent.conversationId, conversationId));
    expect(events.find((e) => e.actor === "staff")).toMatchObject({ toStageId: target.id, actorUserId: owner.id });
    // A stage with an open conversation in it cannot be deleted; archiving is offered instead.
    await expect(deleteStage(owner.actor, businessId, target.id)).rejects.toMatchObject({ code: "conflict", message: "“Offer” cannot be deleted: 1 open conversation is in it. Archive it instead." });
  });

  it("streams the reply as server-sent events when asked", async () => {
    const request = new Request(`${ORIGIN}/api/test`, {
      method: "POST",
      headers: { cookie: owner.cookie, origin: ORIGIN, host: new URL(ORIGIN).host, "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ content: "I'm looking for a bike", clientMessageId: "sse-1" }),
    });
    const response = await messages.POST(request, { params: Promise.resolve({ businessId, conversationId }) });
    expect(response.headers.get("content-type")).toContain("text/event-stream");
    const text = await response.text();
    const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1]);
    expect(events[0]).toBe("message");
    expect(events.filter((e) => e === "delta").length).toBeGreaterThan(2);
    expect(events.at(-1)).toBe("done");
    const deltas = [...text.matchAll(/^event: delta\ndata: (.*)$/gm)].map((m) => JSON.parse(m[1]!).delta).join("");
    expect(deltas).toBe("Great! What's your name?");
  });
});

describe("conversation input and access", () => {
  it("refuses empty, oversized and control-character messages without storing them", async () => {
    for (const content of ["", "   ", "x".repeat(4001), "bell\u0007"]) {
      const res = await say(content);
      expect(res.status).toBe(422);
      expect(res.json.errors[0].path).toBe("content");
    }
    const missingId = await call(messages.POST, "POST", { as: owner, params: { businessId, conversationId }, body: { content: "hi" } });
    expect(missingId.status).toBe(422);
    expect((await history()).filter((m) => m.role === "contact")).toHaveLength(0);
  });

  it("hides another business's conversations and lets viewers read but not write", async () => {
    const stranger = await makeUser("stranger");
    for (const res of [
      await call(one.GET, "GET", { as: stranger, params: { businessId, conversationId } }),
      await call(messages.GET, "GET", { as: stranger, params: { businessId, conversationId } }),
      await say("hi", stranger),
    ]) {
      expect(res.status).toBe(404);
    }
    const otherBusiness = (await createSampleBusiness(stranger.actor)).id;
    const crossed = await call(one.GET, "GET", { as: stranger, params: { businessId: otherBusiness, conversationId } });
    expect(crossed.status).toBe(404);
    // Through their own business, a message into this conversation is refused and stores nothing.
    const posted = await call(messages.POST, "POST", { as: stranger, params: { businessId: otherBusiness, conversationId }, body: { content: "hi", clientMessageId: "x-1" } });
    expect(posted.status).toBe(404);
    expect((await history()).filter((m) => m.role === "contact")).toHaveLength(0);

    const viewer = await makeUser("viewer");
    const invite = await call(members.POST, "POST", { as: owner, params: { businessId }, body: { email: viewer.email, role: "viewer" } });
    await acceptInvitation(viewer.actor, new URL(invite.json.url).pathname.split("/").pop()!);
    expect((await call(messages.GET, "GET", { as: viewer, params: { businessId, conversationId } })).status).toBe(200);
    expect((await say("hi", viewer)).status).toBe(403);
    // An API key that may only read is refused the same way; nothing of either was stored.
    const reader = { kind: "apiKey", keyId: "reader", businessId, scopes: ["read"] } as const;
    await expect(acceptContactMessage(reader, businessId, conversationId, { content: "hi", clientMessageId: "key-1" })).rejects.toMatchObject({ code: "forbidden" });
    expect((await history()).filter((m) => m.role === "contact")).toHaveLength(0);
  });

  it("filters the list by status and paginates newest first", async () => {
    await call(conversations.POST, "POST", { as: owner, params: { businessId }, body: {} });
    await say("talk to a human");
    const waiting = await call(conversations.GET, "GET", { as: owner, params: { businessId }, query: "status=waiting" });
    expect(waiting.json.data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const page1 = await call(conversations.GET, "GET", { as: owner, params: { businessId }, query: "limit=1" });
    expect(page1.json.data[0].id).toBe(conversationId);
    const page2 = await call(conversations.GET, "GET", { as: owner, params: { businessId }, query: `limit=1&cursor=${page1.json.nextCursor}` });
    expect(page2.json.data).toHaveLength(1);
    expect(page2.json.data[0].id).not.toBe(conversationId);
    expect(page2.json.nextCursor).toBeNull();

    // Search by the contact's name or email, with the text taken literally.
    const found = await call(conversations.GET, "GET", { as: owner, params: { businessId }, query: "q=AN" });
    expect(found.json.data.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const literal = await call(conversations.GET, "GET", { as: owner, params: { businessId }, query: "q=%25" });
    expect(literal.json.data).toEqual([]);
  });
});

describe("after a restart", () => {
  it("answers messages left pending and keeps a cut reply's text, marked incomplete", async () => {
    const db = await getDb();
    // As a crash leaves it: a reply cut mid-stream, then a contact message nobody answered.
    await db.transaction(async (tx) => {
      await tx.insert(message).values({ businessId, conversationId, seq: await nextSeq(tx, conversationId), role: "assistant", content: "Half a sen", status: "streaming" });
      await tx.insert(message).values({ businessId, conversationId, seq: await nextSeq(tx, conversationId), role: "contact", content: "I'm looking for a bike", status: "pending", clientMessageId: "before-crash" });
    });
    expect(await recoverUnanswered()).toBeGreaterThanOrEqual(1);
    await expect.poll(async () => (await history()).at(-1)?.content, { timeout: 5000 }).toBe("Great! What's your name?");
    const log = await history();
    expect(log.find((m) => m.content === "Half a sen")?.status).toBe("incomplete");
    const [row] = await db.select().from(conversation).where(eq(conversation.id, conversationId));
    expect(row?.status).toBe("open");
  });

  it.runIf(inject("databaseUrl"))("leaves alone a reply another instance is streaming (PostgreSQL)", async () => {
    const db = await getDb();
    // Another instance's turn, under way: it holds the lease, its reply's row is still empty.
    await db.transaction(async (tx) => {
      await tx.insert(message).values({ businessId, conversationId, seq: await nextSeq(tx, conversationId), role: "contact", content: "Hello", status: "pending", clientMessageId: "elsewhere" });
      await tx.insert(message).values({ businessId, conversationId, seq: await nextSeq(tx, conversationId), role: "assistant", content: "", status: "streaming" });
      await tx.update(conversation).set({ turnLeaseUntil: new Date(Date.now() + 60_000) }).where(eq(conversation.id, conversationId));
    });
    await recoverUnanswered();
    expect((await history()).at(-1)).toMatchObject({ role: "assistant", status: "streaming" });
  });
});
