import { beforeAll, describe, expect, it } from "vitest";
import * as collection from "@/app/api/v1/businesses/route";
import * as item from "@/app/api/v1/businesses/[businessId]/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import { env } from "@/lib/env";
import { call, makeUser, type TestUser } from "./helpers";

let owner: TestUser;
let outsider: TestUser;

beforeAll(async () => {
  owner = await makeUser("owner");
  outsider = await makeUser("outsider");
});

async function createBusiness(as: TestUser, name: string) {
  const res = await call(collection.POST, "POST", { as, body: { name } });
  expect(res.status).toBe(201);
  return res.json as { id: string; slug: string; name: string; role: string };
}

describe("POST /api/v1/businesses", () => {
  it("creates a business owned by the caller and answers 201 with it", async () => {
    const res = await call(collection.POST, "POST", { as: owner, body: { name: "Café Zoë", timezone: "Europe/Paris" } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Café Zoë", slug: expect.stringMatching(/^cafe-zoe/), role: "owner", timezone: "Europe/Paris" });
    const fetched = await call(item.GET, "GET", { as: owner, params: { businessId: res.json.id } });
    expect(fetched.json.name).toBe("Café Zoë");
  });

  it("gives a taken name a free slug, and refuses a taken explicit slug with 409", async () => {
    const first = await createBusiness(owner, "Same Name Shop");
    const second = await createBusiness(outsider, "Same Name Shop");
    expect(second.slug).not.toBe(first.slug);
    const res = await call(collection.POST, "POST", { as: owner, body: { name: "X", slug: first.slug } });
    expect(res.status).toBe(409);
    expect(res.json.code).toBe("conflict");
  });

  it.each([
    ["a missing name", { description: "no name" }, "name"],
    ["an empty name", { name: "   " }, "name"],
    ["an unknown field", { name: "Ok", color: "red" }, "color"],
    ["a bad time zone", { name: "Ok", timezone: "Mars/Olympus" }, "timezone"],
    ["a bad slug", { name: "Ok", slug: "Not A Slug!" }, "slug"],
  ])("answers 422 validation_failed naming the field for %s", async (_case, body, field) => {
    const res = await call(collection.POST, "POST", { as: owner, body });
    expect(res.status).toBe(422);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(res.json).toMatchObject({ code: "validation_failed", status: 422, requestId: expect.any(String) });
    expect(res.json.errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it("answers 400 for malformed JSON, 415 for another content type, 413 for an oversized body", async () => {
    const malformed = await call(collection.POST, "POST", { as: owner, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect([malformed.status, malformed.json.code]).toEqual([400, "malformed_json"]);
    const form = await call(collection.POST, "POST", { as: owner, rawBody: "name=x", headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect([form.status, form.json.code]).toEqual([415, "unsupported_media_type"]);
    const huge = await call(collection.POST, "POST", { as: owner, body: { name: "x", description: "a".repeat(env().MAX_BODY_BYTES) } });
    expect([huge.status, huge.json.code]).toEqual([413, "payload_too_large"]);
  });

  it("requires a session, and a same-site Origin for cookie-authenticated changes", async () => {
    const anonymous = await call(collection.POST, "POST", { body: { name: "Nope" } });
    expect([anonymous.status, anonymous.json.code]).toEqual([401, "unauthenticated"]);
    const noOrigin = await call(collection.POST, "POST", { as: owner, origin: null, body: { name: "Nope" } });
    expect([noOrigin.status, noOrigin.json.code]).toEqual([403, "origin_mismatch"]);
    const crossSite = await call(collection.POST, "POST", { as: owner, origin: "https://evil.example", body: { name: "Nope" } });
    expect([crossSite.status, crossSite.json.code]).toEqual([403, "origin_mismatch"]);
    // Reads need no Origin.
    expect((await call(collection.GET, "GET", { as: owner, origin: null })).status).toBe(200);
    // A forged or foreign cookie is no session.
    const forged = await call(collection.GET, "GET", { as: { ...owner, cookie: "authjs.session-token=forged" } });
    expect(forged.status).toBe(401);
  });
});

describe("GET /api/v1/businesses", () => {
  it("lists only the caller's businesses, paginated with a cursor", async () => {
    const user = await makeUser("lister");
    const names = ["One", "Two", "Three"];
    for (const name of names) await createBusiness(user, `${name} Ltd`);
    await createBusiness(outsider, "Not Yours Ltd");

    const first = await call(collection.GET, "GET", { as: user, query: "limit=2" });
    expect(first.status).toBe(200);
    expect(first.json.data.map((b: { name: string }) => b.name)).toEqual(["One Ltd", "Two Ltd"]);
    expect(first.json.nextCursor).toEqual(expect.any(String));
    const second = await call(collection.GET, "GET", { as: user, query: `limit=2&cursor=${first.json.nextCursor}` });
    expect(second.json).toEqual({ data: [expect.objectContaining({ name: "Three Ltd" })], nextCursor: null });

    const badCursor = await call(collection.GET, "GET", { as: user, query: "cursor=garbage" });
    expect(badCursor.status).toBe(422);
    const badLimit = await call(collection.GET, "GET", { as: user, query: "limit=1000" });
    expect(badLimit.status).toBe(422);
  });
});

describe("/api/v1/businesses/{businessId}", () => {
  it("answers 404, never 403 or data, for another business and for malformed ids", async () => {
    const theirs = await createBusiness(outsider, "Private Co");
    for (const [handler, method, body] of [
      [item.GET, "GET", undefined],
      [item.PATCH, "PATCH", { name: "Hijacked" }],
      [item.DELETE, "DELETE", undefined],
      [members.GET, "GET", undefined],
      [members.POST, "POST", { email: "x@example.com", role: "viewer" }],
    ] as const) {
      const res = await call(handler, method, { as: owner, params: { businessId: theirs.id }, body });
      expect([method, res.status, res.json.code]).toEqual([method, 404, "not_found"]);
    }
    const malformed = await call(item.GET, "GET", { as: owner, params: { businessId: "not-a-uuid" } });
    expect(malformed.status).toBe(404);
    const still = await call(item.GET, "GET", { as: outsider, params: { businessId: theirs.id } });
    expect(still.json.name).toBe("Private Co");
  });

  it("lets owners and admins rename, and refuses viewers with 403", async () => {
    const biz = await createBusiness(owner, "Rename Me");
    const viewer = await makeUser("viewer");
    const admin = await makeUser("admin");
    for (const [user, role] of [[viewer, "viewer"], [admin, "admin"]] as const) {
      const invite = await call(members.POST, "POST", { as: owner, params: { businessId: biz.id }, body: { email: user.email, role } });
      const { acceptInvitation } = await import("@/lib/members/service");
      await acceptInvitation(user.actor, new URL(invite.json.url).pathname.split("/").pop()!);
    }
    const byViewer = await call(item.PATCH, "PATCH", { as: viewer, params: { businessId: biz.id }, body: { name: "Viewer's" } });
    expect([byViewer.status, byViewer.json.code]).toEqual([403, "forbidden"]);
    const byAdmin = await call(item.PATCH, "PATCH", { as: admin, params: { businessId: biz.id }, body: { name: "Renamed", description: "We fix bikes." } });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.json).toMatchObject({ name: "Renamed", description: "We fix bikes.", role: "admin" });
    // Only owners archive.
    const adminArchive = await call(item.DELETE, "DELETE", { as: admin, params: { businessId: biz.id } });
    expect(adminArchive.status).toBe(403);
  });

  it("archives with DELETE (204), hides it from the list, and restores with PATCH archived:false", async () => {
    const biz = await createBusiness(owner, "Short Lived");
    const del = await call(item.DELETE, "DELETE", { as: owner, params: { businessId: biz.id } });
    expect(del.status).toBe(204);
    const listed = await call(collection.GET, "GET", { as: owner, query: "limit=100" });
    expect(listed.json.data.map((b: { id: string }) => b.id)).not.toContain(biz.id);
    const withArchived = await call(collection.GET, "GET", { as: owner, query: "limit=100&includeArchived=true" });
    expect(withArchived.json.data.find((b: { id: string }) => b.id === biz.id).archivedAt).toEqual(expect.any(String));
    const restored = await call(item.PATCH, "PATCH", { as: owner, params: { businessId: biz.id }, body: { archived: false } });
    expect(restored.json.archivedAt).toBeNull();
  });
});
