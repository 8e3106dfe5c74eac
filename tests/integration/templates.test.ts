import { beforeEach, describe, expect, it } from "vitest";
import * as businesses from "@/app/api/v1/businesses/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as keys from "@/app/api/v1/businesses/[businessId]/api-keys/route";
import * as templates from "@/app/api/v1/businesses/[businessId]/templates/route";
import * as one from "@/app/api/v1/businesses/[businessId]/templates/[templateId]/route";
import * as versions from "@/app/api/v1/businesses/[businessId]/templates/[templateId]/versions/route";
import * as preview from "@/app/api/v1/businesses/[businessId]/templates/[templateId]/preview/route";
import { getDb } from "@/db";
import { agent, stage, type Role } from "@/db/schema";
import { acceptInvitation } from "@/lib/members/service";
import { diffTemplateVersions, restoreTemplateVersion } from "@/lib/templates/service";
import { call, makeUser, type CallOptions, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = (await call(businesses.POST, "POST", { as: owner, body: { name: "Template Co" } })).json.id;
});

const greeting = { kind: "greeting", name: "Welcome", body: "Hello, this is {{ business.name }}." };

async function create(body: Record<string, unknown> = greeting, as: TestUser = owner, inBusiness = businessId) {
  return call(templates.POST, "POST", { as, params: { businessId: inBusiness }, body });
}

async function createOk(body: Record<string, unknown> = greeting) {
  const res = await create(body);
  expect(res.status).toBe(201);
  return res.json as { id: string; version: number };
}

async function member(role: Role): Promise<TestUser> {
  const person = await makeUser(role);
  const invited = await call(members.POST, "POST", { as: owner, params: { businessId }, body: { email: person.email, role } });
  await acceptInvitation(person.actor, new URL(invited.json.url).pathname.split("/").pop()!);
  return person;
}

async function apiKey(scopes: ("read" | "write")[]): Promise<Pick<CallOptions, "headers" | "origin">> {
  const created = await call(keys.POST, "POST", { as: owner, params: { businessId }, body: { name: "CI", scopes } });
  return { headers: { authorization: `Bearer ${created.json.secret}` }, origin: null };
}

async function addStage(inBusiness = businessId) {
  const db = await getDb();
  const [row] = await db.insert(stage).values({ businessId: inBusiness, key: `qualify-${Math.random().toString(36).slice(2, 8)}`, name: "Qualify", position: 1 }).returning();
  return row!;
}

const errorPaths = (json: { errors: { path: string }[] }) => json.errors.map((e) => e.path).sort();

describe("creating and reading templates", () => {
  it("creates version 1 and reads it back with where it is used", async () => {
    const created = await createOk();
    expect(created).toMatchObject({ kind: "greeting", name: "Welcome", version: 1, stage: null, usedBy: { agents: [], stage: null } });
    const read = await call(one.GET, "GET", { as: owner, params: { businessId, templateId: created.id } });
    expect([read.status, read.json.body]).toEqual([200, greeting.body]);
    const history = await call(versions.GET, "GET", { as: owner, params: { businessId, templateId: created.id } });
    expect(history.json.data).toEqual([expect.objectContaining({ version: 1, restoredFrom: null, savedBy: { id: owner.id, name: "owner" } })]);
  });

  it("refuses an unknown variable or a syntax error with the line and column", async () => {
    const unknown = await create({ ...greeting, body: "Hi!\nThanks, {{ contact.nmae }}" });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors).toEqual([{ path: "body", message: "Line 2, column 12: unknown variable “contact.nmae”", line: 2, column: 12 }]);
    const syntax = await create({ ...greeting, body: "{% if contact.name %}never closed" });
    expect(syntax.json.errors[0]).toMatchObject({ path: "body", line: 1, column: 1 });
  });

  it("validates fields, unknown fields and malformed JSON", async () => {
    const bad = await create({ kind: "poem", name: "", body: "", extra: 1 });
    expect(bad.status).toBe(422);
    expect(errorPaths(bad.json)).toEqual(["body", "extra", "kind", "name"]);
    const malformed = await call(templates.POST, "POST", { as: owner, params: { businessId }, rawBody: "{", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.json.code]).toEqual([400, "malformed_json"]);
  });

  it("ties stage and reply templates to a stage of the same business only", async () => {
    const own = await addStage();
    const reply = await createOk({ kind: "reply", name: "Ask postcode", body: "What is your postcode?", stageId: own.id });
    expect(reply).toMatchObject({ stageId: own.id, stage: { id: own.id, name: "Qualify" }, usedBy: { stage: { id: own.id } } });

    const otherOwner = await makeUser("other");
    const otherBusiness = (await call(businesses.POST, "POST", { as: otherOwner, body: { name: "Other Co" } })).json.id;
    const foreign = await addStage(otherBusiness);
    for (const stageId of [foreign.id, "00000000-0000-4000-8000-000000000000"]) {
      const res = await create({ kind: "stage", name: "Prompt", body: "Be brief.", stageId });
      expect([res.status, res.json.errors]).toEqual([422, [{ path: "stageId", message: "Unknown stage: choose a stage of this business." }]]);
    }
    const wrongKind = await create({ ...greeting, stageId: own.id });
    expect(wrongKind.json.errors).toEqual([{ path: "stageId", message: "Only stage and reply templates belong to a stage." }]);
  });

  it("lists with kind and stage filters and a cursor", async () => {
    const s = await addStage();
    await createOk();
    await createOk({ kind: "reply", name: "R1", body: "One", stageId: s.id });
    await createOk({ kind: "reply", name: "R2", body: "Two" });
    await createOk({ kind: "system", name: "Persona", body: "You are {{ agent.name }}." });
    const first = await call(templates.GET, "GET", { as: owner, params: { businessId }, query: "limit=3" });
    expect(first.json.data).toHaveLength(3);
    const second = await call(templates.GET, "GET", { as: owner, params: { businessId }, query: `limit=3&cursor=${first.json.nextCursor}` });
    expect([second.json.data.map((t: { name: string }) => t.name), second.json.nextCursor]).toEqual([["Persona"], null]);
    const replies = await call(templates.GET, "GET", { as: owner, params: { businessId }, query: "kind=reply" });
    expect(replies.json.data.map((t: { name: string }) => t.name)).toEqual(["R1", "R2"]);
    const ofStage = await call(templates.GET, "GET", { as: owner, params: { businessId }, query: `stageId=${s.id}` });
    expect(ofStage.json.data.map((t: { name: string }) => t.name)).toEqual(["R1"]);
    const bad = await call(templates.GET, "GET", { as: owner, params: { businessId }, query: "kind=poem&sort=name" });
    expect([bad.status, errorPaths(bad.json)]).toEqual([422, ["query.kind", "query.sort"]]);
  });
});

describe("versions", () => {
  it("saves a version per change, none for an identical save, and restores an old one as new", async () => {
    const { id } = await createOk();
    const params = { businessId, templateId: id };
    const v2 = await call(one.PATCH, "PATCH", { as: owner, params, body: { body: "Welcome to {{ business.name }}!" } });
    expect([v2.status, v2.json.version]).toEqual([200, 2]);
    const same = await call(one.PATCH, "PATCH", { as: owner, params, body: { name: "Welcome", body: "Welcome to {{ business.name }}!" } });
    expect(same.json.version).toBe(2);

    const restored = await restoreTemplateVersion(owner.actor, businessId, id, 1);
    expect([restored.version, restored.body]).toEqual([3, greeting.body]);
    const history = await call(versions.GET, "GET", { as: owner, params, query: "limit=2" });
    expect(history.json.data.map((v: { version: number; restoredFrom: number | null }) => [v.version, v.restoredFrom])).toEqual([
      [3, 1],
      [2, null],
    ]);
    const rest = await call(versions.GET, "GET", { as: owner, params, query: `limit=2&cursor=${history.json.nextCursor}` });
    expect([rest.json.data.map((v: { version: number }) => v.version), rest.json.nextCursor]).toEqual([[1], null]);
    const badCursor = await call(versions.GET, "GET", { as: owner, params, query: "cursor=nope" });
    expect(badCursor.status).toBe(422);

    const diff = await diffTemplateVersions(owner.actor, businessId, id, 1, 2);
    expect(diff.lines).toEqual([
      { op: "-", text: greeting.body },
      { op: "+", text: "Welcome to {{ business.name }}!" },
    ]);
  });

  it("refuses an invalid body on update and keeps the version", async () => {
    const { id } = await createOk();
    const res = await call(one.PATCH, "PATCH", { as: owner, params: { businessId, templateId: id }, body: { body: "{{ agent.nickname }}", kind: "system" } });
    expect([res.status, errorPaths(res.json)]).toEqual([422, ["kind"]]);
    const invalid = await call(one.PATCH, "PATCH", { as: owner, params: { businessId, templateId: id }, body: { body: "{{ agent.nickname }}" } });
    expect(invalid.json.errors[0].message).toBe("Line 1, column 4: unknown variable “agent.nickname”");
    expect((await call(one.GET, "GET", { as: owner, params: { businessId, templateId: id } })).json.version).toBe(1);
  });
});

describe("preview", () => {
  it("renders with sample data and the caller's variables, or locates the error", async () => {
    const { id } = await createOk();
    const params = { businessId, templateId: id };
    const ok = await call(preview.POST, "POST", { as: owner, params, body: { body: "{{ business.name }} for {{ contact.name }}", variables: { contact: { name: "Bo" } } } });
    expect([ok.status, ok.json]).toEqual([200, { text: "Template Co for Bo" }]);
    const overridden = await call(preview.POST, "POST", { as: owner, params, body: { body: "{{ business.name }}", variables: { business: { name: "Other" } } } });
    expect(overridden.json.text).toBe("Other");
    const bad = await call(preview.POST, "POST", { as: owner, params, body: { body: "ok\n\n   {{ stage.nmae }}" } });
    expect([bad.status, bad.json.errors]).toEqual([422, [{ path: "body", message: "Line 3, column 7: unknown variable “stage.nmae”", line: 3, column: 7 }]]);
    const shape = await call(preview.POST, "POST", { as: owner, params, body: { body: "x", variables: [1], more: true } });
    expect(errorPaths(shape.json)).toEqual(["more", "variables"]);
  });

  it("is open to viewers and read keys", async () => {
    const { id } = await createOk();
    const viewer = await member("viewer");
    const body = { body: "{{ agent.name }}" };
    expect((await call(preview.POST, "POST", { as: viewer, params: { businessId, templateId: id }, body })).json).toEqual({ text: "Ava" });
    expect((await call(preview.POST, "POST", { ...(await apiKey(["read"])), params: { businessId, templateId: id }, body })).status).toBe(200);
  });
});

describe("deleting", () => {
  it("deletes an unused template and refuses one an agent uses, naming the agent", async () => {
    const unused = await createOk();
    expect((await call(one.DELETE, "DELETE", { as: owner, params: { businessId, templateId: unused.id } })).status).toBe(204);
    expect((await call(one.GET, "GET", { as: owner, params: { businessId, templateId: unused.id } })).status).toBe(404);

    const used = await createOk();
    const db = await getDb();
    await db.insert(agent).values({ businessId, name: "Ava", model: "scripted", greetingTemplateId: used.id, fallbackTemplateId: used.id, handoffRules: { keywords: [], maxAiTurns: null, onProviderError: "handoff" } });
    const detail = await call(one.GET, "GET", { as: owner, params: { businessId, templateId: used.id } });
    expect(detail.json.usedBy.agents).toEqual([expect.objectContaining({ name: "Ava", as: ["greeting", "fallback"] })]);
    const refused = await call(one.DELETE, "DELETE", { as: owner, params: { businessId, templateId: used.id } });
    expect([refused.status, refused.json.code, refused.json.detail]).toEqual([409, "conflict", "This template is used by the agent “Ava”. Choose another template for it first."]);
  });
});

describe("access", () => {
  it("lets viewers and agents read but not change (403)", async () => {
    const { id } = await createOk();
    for (const role of ["viewer", "agent"] as const) {
      const person = await member(role);
      expect((await call(templates.GET, "GET", { as: person, params: { businessId } })).status).toBe(200);
      expect((await call(versions.GET, "GET", { as: person, params: { businessId, templateId: id } })).status).toBe(200);
      expect((await create(greeting, person)).status).toBe(403);
      expect((await call(one.PATCH, "PATCH", { as: person, params: { businessId, templateId: id }, body: { name: "X" } })).json.code).toBe("forbidden");
      expect((await call(one.DELETE, "DELETE", { as: person, params: { businessId, templateId: id } })).status).toBe(403);
    }
    const admin = await member("admin");
    expect((await call(one.PATCH, "PATCH", { as: admin, params: { businessId, templateId: id }, body: { name: "By admin" } })).json.version).toBe(2);
  });

  it("gives read keys reads only and write keys changes", async () => {
    const { id } = await createOk();
    const read = await apiKey(["read"]);
    expect((await call(one.GET, "GET", { ...read, params: { businessId, templateId: id } })).status).toBe(200);
    expect((await call(templates.POST, "POST", { ...read, params: { businessId }, body: greeting })).status).toBe(403);
    const write = await apiKey(["read", "write"]);
    const byKey = await call(one.PATCH, "PATCH", { ...write, params: { businessId, templateId: id }, body: { body: "Hi from {{ business.name }}" } });
    expect(byKey.json.version).toBe(2);
    const history = await call(versions.GET, "GET", { ...write, params: { businessId, templateId: id } });
    expect(history.json.data[0].savedBy).toBeNull();
  });

  it("answers 404 for another business's template, through every endpoint", async () => {
    const { id } = await createOk();
    const stranger = await makeUser("stranger");
    const strangerBusiness = (await call(businesses.POST, "POST", { as: stranger, body: { name: "Stranger Co" } })).json.id;
    const params = { businessId: strangerBusiness, templateId: id };
    const results = [
      await call(one.GET, "GET", { as: stranger, params }),
      await call(one.PATCH, "PATCH", { as: stranger, params, body: { name: "Mine" } }),
      await call(one.DELETE, "DELETE", { as: stranger, params }),
      await call(versions.GET, "GET", { as: stranger, params }),
      await call(preview.POST, "POST", { as: stranger, params, body: { body: "x" } }),
      await call(one.GET, "GET", { as: stranger, params: { businessId, templateId: id } }),
      await call(templates.GET, "GET", { as: stranger, params: { businessId } }),
      await call(one.GET, "GET", { as: owner, params: { businessId, templateId: "not-a-uuid" } }),
    ];
    expect(results.map((r) => r.status)).toEqual([404, 404, 404, 404, 404, 404, 404, 404]);
    expect((await call(one.GET, "GET", { as: owner, params: { businessId, templateId: id } })).json.name).toBe("Welcome");
  });
});
