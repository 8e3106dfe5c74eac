import { beforeEach, describe, expect, it } from "vitest";
import * as businesses from "@/app/api/v1/businesses/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as keys from "@/app/api/v1/businesses/[businessId]/api-keys/route";
import * as stages from "@/app/api/v1/businesses/[businessId]/stages/route";
import * as oneStage from "@/app/api/v1/businesses/[businessId]/stages/[stageId]/route";
import * as order from "@/app/api/v1/businesses/[businessId]/stages/order/route";
import { getDb } from "@/db";
import { agent } from "@/db/schema";
import { acceptInvitation } from "@/lib/members/service";
import { duplicateStage } from "@/lib/stages/service";
import { call, makeUser, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;

type StageJson = { id: string; key: string; name: string; position: number; nextStageIds: string[]; keywordRules: { nextStageId: string }[]; archivedAt: string | null; isEntry: boolean };

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = (await call(businesses.POST, "POST", { as: owner, body: { name: "Pipeline Co" } })).json.id;
});

async function create(body: Record<string, unknown>, as: TestUser = owner) {
  return call(stages.POST, "POST", { as, params: { businessId }, body });
}

async function created(body: Record<string, unknown>): Promise<StageJson> {
  const res = await create(body);
  expect(res.json).toMatchObject({ key: body.key });
  expect(res.status).toBe(201);
  return res.json;
}

/** greet (entry) → qualify → done (terminal), built in that order. */
async function threeStages() {
  const greet = await created({ key: "greet", name: "Greet", isEntry: true });
  const qualify = await created({ key: "qualify", name: "Qualify" });
  const done = await created({ key: "done", name: "Done", isTerminal: true });
  return { greet, qualify, done };
}

const list = async (as: TestUser = owner, query?: string) => call(stages.GET, "GET", { as, params: { businessId }, query });
const patch = (stageId: string, body: unknown, as: TestUser = owner) => call(oneStage.PATCH, "PATCH", { as, params: { businessId, stageId }, body });
const paths = (res: { json: { errors?: { path: string }[] } }) => (res.json.errors ?? []).map((e) => e.path).sort();

async function member(role: "viewer" | "agent" | "admin") {
  const user = await makeUser(role);
  const res = await call(members.POST, "POST", { as: owner, params: { businessId }, body: { email: user.email, role } });
  await acceptInvitation(user.actor, new URL(res.json.url).pathname.split("/").pop()!);
  return user;
}

describe("building a pipeline", () => {
  it("creates stages step by step and lists them in order with no problems left", async () => {
    const first = await list();
    expect(first.json.problems.map((p: { code: string }) => p.code)).toEqual(["no_entry", "no_terminal"]);
    const { qualify } = await threeStages();
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.json.data.map((s: StageJson) => s.key)).toEqual(["greet", "qualify", "done"]);
    expect(res.json.problems).toEqual([]);
    expect((await call(oneStage.GET, "GET", { as: owner, params: { businessId, stageId: qualify.id } })).json).toMatchObject({ name: "Qualify", fields: [] });
  });

  it("puts a new non-terminal stage before the terminal one, so the default flow runs through it", async () => {
    await threeStages();
    await created({ key: "offer", name: "Offer", fields: [{ key: "plan", label: "Plan", type: "choice", options: ["basic", "pro"], required: true }] });
    expect((await list()).json.data.map((s: StageJson) => s.key)).toEqual(["greet", "qualify", "offer", "done"]);
  });

  it("saves keyword rules towards allowed next stages", async () => {
    const { greet, qualify, done } = await threeStages();
    const res = await patch(qualify.id, {
      nextStageIds: [done.id, greet.id],
      keywordRules: [{ match: "regex", pattern: "\\b(bye|stop)\\b", nextStageId: done.id }],
    });
    expect(res.status).toBe(200);
    expect(res.json.keywordRules).toEqual([{ match: "regex", pattern: "\\b(bye|stop)\\b", nextStageId: done.id }]);
  });
});

describe("the save policy", () => {
  it("refuses a change that breaks a working pipeline, pointing at the field and naming the stage", async () => {
    const { greet, done } = await threeStages();
    const res = await patch(greet.id, { nextStageIds: [done.id] });
    expect([res.status, res.json.code]).toEqual([422, "validation_failed"]);
    expect(res.json.errors).toEqual([{ path: "nextStageIds", message: "“Qualify” cannot be reached from an entry stage." }]);
    expect((await list()).json.problems).toEqual([]);
  });

  it("refuses a second entry stage inside the same pipeline, at isEntry", async () => {
    const { qualify } = await threeStages();
    const res = await patch(qualify.id, { isEntry: true });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ path: "isEntry", message: expect.stringContaining("“Qualify” is an entry stage but can be reached from the entry stage “Greet”") }]);
  });

  it("places a new stage's own problems at its fields", async () => {
    const { done } = await threeStages();
    const entry = await create({ key: "second-entry", name: "Second entry", isEntry: true });
    expect(entry.status).toBe(422);
    expect(paths(entry)).toEqual(["isEntry"]);
    const side = await created({ key: "side", name: "Side", isEntry: true, isTerminal: true });
    await patch(side.id, { archived: true });
    const toArchived = await create({ key: "late", name: "Late", nextStageIds: [side.id, done.id] });
    expect(toArchived.json.errors).toEqual([{ path: "nextStageIds.0", message: "“Late” moves to “Side”, which is archived." }]);
  });

  it("refuses a keyword rule to a stage that is not an allowed next stage", async () => {
    const { greet, done } = await threeStages();
    const res = await patch(greet.id, { keywordRules: [{ match: "keywords", pattern: "bye", nextStageId: done.id }] });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(["keywordRules.0.nextStageId"]);
  });

  it("reports problems that already existed without refusing unrelated saves", async () => {
    const a = await created({ key: "a", name: "A", isEntry: true });
    await created({ key: "b", name: "B" });
    expect((await list()).json.problems).toEqual([expect.objectContaining({ code: "no_terminal" })]);
    const renamed = await patch(a.id, { name: "Start", goal: "Say hello" });
    expect([renamed.status, renamed.json.name]).toEqual([200, "Start"]);
  });

  it("answers 'unknown stage' alike for a missing id and another business's stage", async () => {
    const { greet } = await threeStages();
    const stranger = await makeUser("stranger");
    const strangerBiz = (await call(businesses.POST, "POST", { as: stranger, body: { name: "Elsewhere" } })).json.id;
    const foreign = await call(stages.POST, "POST", { as: stranger, params: { businessId: strangerBiz }, body: { key: "x", name: "X", isEntry: true, isTerminal: true } });
    for (const target of [foreign.json.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await patch(greet.id, { nextStageIds: [target], keywordRules: [{ match: "keywords", pattern: "go", nextStageId: target }] });
      expect(res.status).toBe(422);
      expect(res.json.errors).toEqual([
        { path: "nextStageIds.0", message: "Unknown stage." },
        { path: "keywordRules.0.nextStageId", message: "Unknown stage." },
      ]);
    }
  });

  it("refuses a key another stage uses, at the key field", async () => {
    await threeStages();
    const res = await create({ key: "Qualify", name: "Again" });
    expect(res.status).toBe(422);
    expect(res.json.errors).toEqual([{ path: "key", message: "Another stage already uses the key “qualify”." }]);
  });
});

describe("input validation", () => {
  it("answers 422 with a field path per problem, including unknown fields", async () => {
    const res = await create({
      key: "bad key",
      name: "",
      fields: [{ key: "plan", label: "Plan", type: "choice" }],
      keywordRules: [{ match: "regex", pattern: "([", nextStageId: "00000000-0000-4000-8000-000000000000" }],
      colour: "red",
    });
    expect(res.status).toBe(422);
    expect(paths(res)).toEqual(["colour", "fields.0.options", "key", "keywordRules.0.pattern", "name"]);
  });

  it("answers 400 to malformed JSON and 404 to a malformed stage id", async () => {
    const res = await call(stages.POST, "POST", { as: owner, params: { businessId }, rawBody: "{nope", headers: { "content-type": "application/json" } });
    expect([res.status, res.json.code]).toEqual([400, "malformed_json"]);
    const bad = await call(oneStage.GET, "GET", { as: owner, params: { businessId, stageId: "not-a-uuid" } });
    expect(bad.status).toBe(404);
  });
});

describe("archive and delete", () => {
  it("archives and restores a stage with PATCH archived", async () => {
    await threeStages();
    const extra = await created({ key: "extra", name: "Extra", isEntry: true, isTerminal: true });
    const archived = await patch(extra.id, { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.json.archivedAt).not.toBeNull();
    expect((await patch(extra.id, { archived: false })).json.archivedAt).toBeNull();
  });

  it("refuses archiving a stage the pipeline depends on", async () => {
    const { greet, qualify } = await threeStages();
    await patch(greet.id, { nextStageIds: [qualify.id] });
    const res = await patch(qualify.id, { archived: true });
    expect(res.status).toBe(422);
    expect(res.json.errors[0]).toEqual({ path: "archived", message: "“Greet” moves to “Qualify”, which is archived." });
  });

  it("deletes a stage and removes the references to it, or refuses when that breaks the pipeline", async () => {
    const { greet, qualify, done } = await threeStages();
    await patch(greet.id, { nextStageIds: [qualify.id, done.id], keywordRules: [{ match: "keywords", pattern: "price", nextStageId: qualify.id }] });
    const del = await call(oneStage.DELETE, "DELETE", { as: owner, params: { businessId, stageId: qualify.id } });
    expect(del.status).toBe(204);
    const after = await call(oneStage.GET, "GET", { as: owner, params: { businessId, stageId: greet.id } });
    expect(after.json).toMatchObject({ nextStageIds: [done.id], keywordRules: [] });
    expect((await list()).json.problems).toEqual([]);

    const breaking = await call(oneStage.DELETE, "DELETE", { as: owner, params: { businessId, stageId: done.id } });
    expect([breaking.status, breaking.json.code]).toEqual([422, "validation_failed"]);
    expect(breaking.json.detail).toContain("This change would break the pipeline");
    expect((await list()).json.data).toHaveLength(2);
  });

  it("refuses deleting a stage in use with 409, advising to archive", async () => {
    const { greet } = await threeStages();
    const db = await getDb();
    await db.insert(agent).values({ businessId, name: "Sales bot", model: "scripted", entryStageId: greet.id, handoffRules: { keywords: [], maxAiTurns: null, onProviderError: "handoff" } });
    const res = await call(oneStage.DELETE, "DELETE", { as: owner, params: { businessId, stageId: greet.id } });
    expect([res.status, res.json.code]).toEqual([409, "conflict"]);
    expect(res.json.detail).toBe("“Greet” cannot be deleted: it is the entry stage of the agent “Sales bot”. Archive it instead.");
  });
});

describe("reorder and duplicate", () => {
  it("rewrites positions from the complete list of stage ids", async () => {
    const { greet, qualify, done } = await threeStages();
    const extra = await created({ key: "side", name: "Side", isEntry: true, isTerminal: true });
    const res = await call(order.PUT, "PUT", { as: owner, params: { businessId }, body: { stageIds: [extra.id, greet.id, qualify.id, done.id] } });
    expect(res.status).toBe(200);
    expect(res.json.data.map((s: StageJson) => [s.key, s.position])).toEqual([["side", 0], ["greet", 1], ["qualify", 2], ["done", 3]]);
    expect((await list()).json.data.map((s: StageJson) => s.key)).toEqual(["side", "greet", "qualify", "done"]);
  });

  it("refuses an incomplete or repeated list, and an order that breaks the pipeline", async () => {
    const { greet, qualify, done } = await threeStages();
    for (const stageIds of [[greet.id, qualify.id], [greet.id, qualify.id, done.id, done.id], [greet.id, qualify.id, "00000000-0000-4000-8000-000000000000"]]) {
      const res = await call(order.PUT, "PUT", { as: owner, params: { businessId }, body: { stageIds } });
      expect([res.status, paths(res)]).toEqual([422, ["stageIds"]]);
    }
    const breaking = await call(order.PUT, "PUT", { as: owner, params: { businessId }, body: { stageIds: [greet.id, done.id, qualify.id] } });
    expect(breaking.status).toBe(422);
    expect(breaking.json.errors).toContainEqual({ path: "stageIds", message: "“Qualify” cannot be reached from an entry stage." });
  });

  it("duplicates a stage right after the original, never as an entry", async () => {
    const { greet, qualify } = await threeStages();
    await patch(qualify.id, { fields: [{ key: "email", label: "Email", type: "email", required: true }] });
    const copy = await duplicateStage(owner.actor, businessId, qualify.id);
    expect(copy).toMatchObject({ key: "qualify-copy", name: "Qualify (copy)", isEntry: false, fields: [{ key: "email" }] });
    const again = await duplicateStage(owner.actor, businessId, greet.id);
    expect(again).toMatchObject({ key: "greet-copy", isEntry: false });
    expect((await list()).json.data.map((s: StageJson) => s.key)).toEqual(["greet", "greet-copy", "qualify", "qualify-copy", "done"]);
  });
});

describe("access", () => {
  it("lets viewers and agents read but not change", async () => {
    const { greet } = await threeStages();
    for (const role of ["viewer", "agent"] as const) {
      const user = await member(role);
      expect((await list(user)).status).toBe(200);
      const writes = [
        await create({ key: "nope", name: "Nope" }, user),
        await patch(greet.id, { name: "Nope" }, user),
        await call(oneStage.DELETE, "DELETE", { as: user, params: { businessId, stageId: greet.id } }),
        await call(order.PUT, "PUT", { as: user, params: { businessId }, body: { stageIds: [greet.id] } }),
      ];
      expect(writes.map((w) => w.status)).toEqual([403, 403, 403, 403]);
    }
    const admin = await member("admin");
    expect((await patch(greet.id, { name: "Hello" }, admin)).status).toBe(200);
  });

  it("answers 404 for another business's stage, on every endpoint", async () => {
    const { greet } = await threeStages();
    const stranger = await makeUser("stranger");
    const strangerBiz = (await call(businesses.POST, "POST", { as: stranger, body: { name: "Elsewhere" } })).json.id;
    const params = { businessId: strangerBiz, stageId: greet.id };
    const answers = [
      await call(oneStage.GET, "GET", { as: stranger, params }),
      await call(oneStage.PATCH, "PATCH", { as: stranger, params, body: { name: "Mine" } }),
      await call(oneStage.DELETE, "DELETE", { as: stranger, params }),
      await call(stages.GET, "GET", { as: stranger, params: { businessId } }),
    ];
    expect(answers.map((a) => a.status)).toEqual([404, 404, 404, 404]);
  });

  it("lets a read key read and a write key change", async () => {
    const { greet } = await threeStages();
    const keyOf = async (scopes: string[]) => (await call(keys.POST, "POST", { as: owner, params: { businessId }, body: { name: "k", scopes } })).json.secret as string;
    const bearer = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` }, origin: null });
    const read = await keyOf(["read"]);
    const write = await keyOf(["read", "write"]);
    expect((await call(stages.GET, "GET", { ...bearer(read), params: { businessId } })).status).toBe(200);
    expect((await call(oneStage.PATCH, "PATCH", { ...bearer(read), params: { businessId, stageId: greet.id }, body: { name: "X" } })).status).toBe(403);
    const changed = await call(oneStage.PATCH, "PATCH", { ...bearer(write), params: { businessId, stageId: greet.id }, body: { name: "By key" } });
    expect([changed.status, changed.json.name]).toEqual([200, "By key"]);
  });
});

describe("pagination", () => {
  it("pages through the stages in order with a cursor, problems on every page", async () => {
    await threeStages();
    const first = await list(owner, "limit=2");
    expect(first.json.data.map((s: StageJson) => s.key)).toEqual(["greet", "qualify"]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await list(owner, `limit=2&cursor=${first.json.nextCursor}`);
    expect(second.json.data.map((s: StageJson) => s.key)).toEqual(["done"]);
    expect([second.json.nextCursor, second.json.problems]).toEqual([null, []]);
    const bad = await list(owner, "cursor=bogus");
    expect([bad.status, paths(bad)]).toEqual([422, ["cursor"]]);
  });
});
