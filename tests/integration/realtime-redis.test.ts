import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { getDb } from "@/db";
import { membership } from "@/db/schema";
import { startConversation } from "@/lib/conversations/service";
import { conversationRoom } from "@/lib/realtime/events";
import { createSampleBusiness } from "@/lib/samples/sample-business";
import { collect, request, startRealtime } from "../support/sockets";
import { makeUser, type TestUser } from "./helpers";

/*
 * With REDIS_URL set, several instances serve together through the socket.io Redis adapter: an
 * emit to a room reaches its sockets on every instance, and who is viewing counts them all.
 * Runs once (in the postgres project) when TEST_REDIS_URL is set, since every instance on one
 * Redis shares its channels.
 */
const redisUrl = process.env.TEST_REDIS_URL;
const singletons = ["parley.env", "parley.redis"].map((name) => Symbol.for(name));
const holder = globalThis as unknown as Record<symbol, unknown>;
const resetSingletons = () => singletons.forEach((key) => delete holder[key]);

describe.runIf(redisUrl && inject("databaseUrl"))("several instances on Redis", () => {
  let one: Awaited<ReturnType<typeof startRealtime>>;
  let two: Awaited<ReturnType<typeof startRealtime>>;
  let alma: TestUser;
  let bert: TestUser;
  let businessId: string;
  let conversationId: string;

  beforeAll(async () => {
    resetSingletons();
    process.env.REDIS_URL = redisUrl;
    [one, two] = [await startRealtime(), await startRealtime()];
    [alma, bert] = await Promise.all([makeUser("alma"), makeUser("bert")]);
    businessId = (await createSampleBusiness(alma.actor)).id;
    await (await getDb()).insert(membership).values({ businessId, userId: bert.id, role: "agent" });
    conversationId = (await startConversation(alma.actor, businessId, { contact: { name: "Ana" } })).id;
  });

  afterAll(async () => {
    one.closeSockets();
    two.closeSockets();
    // A staff socket that leaves tells the room's other viewers, after asking every instance over
    // Redis who is still there: let those announcements finish before Redis is closed under them.
    await vi.waitFor(() => expect(one.realtime.sockets.sockets.size + two.realtime.sockets.sockets.size).toBe(0));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await Promise.all([one.stop(), two.stop()]);
    const { redis } = await import("@/lib/redis");
    await redis()?.quit();
    delete process.env.REDIS_URL;
    resetSingletons();
  });

  it("shares rooms and viewers across instances", async () => {
    const almaOnOne = await one.staffSocket(alma);
    const bertOnTwo = await two.staffSocket(bert);
    await request(almaOnOne, "conversation:join", { businessId, conversationId });
    const joined = await request(bertOnTwo, "conversation:join", { businessId, conversationId });
    expect(joined).toMatchObject({ ok: true, viewers: [{ name: "alma" }, { name: "bert" }] });

    const typing = collect(almaOnOne, "typing");
    await request(bertOnTwo, "typing", { conversationId, typing: true });
    await expect.poll(() => typing).toEqual([{ conversationId, userId: bert.id, name: "bert", typing: true }]);

    // An emit from one instance reaches the room's sockets on the other.
    const heard = collect(bertOnTwo, "viewers");
    one.realtime.to(conversationRoom(conversationId)).emit("viewers", { conversationId, viewers: [] });
    await expect.poll(() => heard.some((v) => v.viewers.length === 0)).toBe(true);
  });
});
