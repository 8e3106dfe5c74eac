import { createHash } from "node:crypto";
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "@/db";
import { apiKey } from "@/db/schema";
import * as businesses from "@/app/api/v1/businesses/route";
import * as business from "@/app/api/v1/businesses/[businessId]/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as keys from "@/app/api/v1/businesses/[businessId]/api-keys/route";
import * as key from "@/app/api/v1/businesses/[businessId]/api-keys/[keyId]/route";
import { call, makeUser, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;

beforeEach(async () => {
  owner = await makeUser("owner");
  businessId = (await call(businesses.POST, "POST", { as: owner, body: { name: "Keyed Co" } })).json.id;
});

async function createKey(scopes: ("read" | "write")[], name = "Integration") {
  const res = await call(keys.POST, "POST", { as: owner, params: { businessId }, body: { name, scopes } });
  expect(res.status).toBe(201);
  return res.json as { id: string; secret: string; prefix: string };
}

/** A request as an integration would send it: Bearer key, no cookie, no Origin. */
const bearer = (secret: string) => ({ headers: { authorization: `Bearer ${secret}` }, origin: null });

describe("API keys", () => {
  it("shows the secret once, then lists the key without it, with who created it", async () => {
    const created = await createKey(["read"]);
    expect(created.secret).toMatch(/^prl_[\w-]{40,}$/);
    expect(created.secret.startsWith(created.prefix)).toBe(true);
    const list = await call(keys.GET, "GET", { as: owner, params: { businessId } });
    expect(list.json.data).toEqual([expect.objectContaining({ id: created.id, name: "Integration", scopes: ["read"], createdBy: { id: owner.id, name: "owner" } })]);
    expect(JSON.stringify(list.json)).not.toContain(created.secret);
    // The database holds only the SHA-256 of the secret: a leaked table yields no usable key.
    const [row] = await (await getDb()).select().from(apiKey).where(eq(apiKey.id, created.id));
    expect(row?.secretHash).toBe(createHash("sha256").update(created.secret).digest("hex"));
    expect(JSON.stringify(row)).not.toContain(created.secret);
  });

  it("authenticates Bearer requests to its own business only, without an Origin", async () => {
    const { secret } = await createKey(["read", "write"]);
    const own = await call(business.GET, "GET", { ...bearer(secret), params: { businessId } });
    expect([own.status, own.json.name]).toEqual([200, "Keyed Co"]);
    const renamed = await call(business.PATCH, "PATCH", { ...bearer(secret), params: { businessId }, body: { name: "Renamed by key" } });
    expect(renamed.json.name).toBe("Renamed by key");

    const other = await makeUser("other");
    const otherId = (await call(businesses.POST, "POST", { as: other, body: { name: "Not Keyed" } })).json.id;
    const foreign = await call(business.GET, "GET", { ...bearer(secret), params: { businessId: otherId } });
    expect([foreign.status, foreign.json.code]).toEqual([404, "not_found"]);
    const listed = await call(businesses.GET, "GET", bearer(secret));
    expect(listed.json.data.map((b: { id: string }) => b.id)).toEqual([businessId]);
    // People-only operations stay with people.
    const create = await call(businesses.POST, "POST", { ...bearer(secret), body: { name: "By key" } });
    expect(create.status).toBe(403);
  });

  it("lets a read key read and refuses its writes with 403", async () => {
    const { secret } = await createKey(["read"]);
    expect((await call(members.GET, "GET", { ...bearer(secret), params: { businessId } })).status).toBe(200);
    const write = await call(business.PATCH, "PATCH", { ...bearer(secret), params: { businessId }, body: { name: "Nope" } });
    expect([write.status, write.json.code]).toEqual([403, "forbidden"]);
  });

  it("stops working the moment it is revoked", async () => {
    const { id, secret } = await createKey(["read"]);
    expect((await call(business.GET, "GET", { ...bearer(secret), params: { businessId } })).status).toBe(200);
    expect((await call(key.DELETE, "DELETE", { as: owner, params: { businessId, keyId: id } })).status).toBe(204);
    const after = await call(business.GET, "GET", { ...bearer(secret), params: { businessId } });
    expect([after.status, after.json.code]).toEqual([401, "unauthenticated"]);
    expect((await call(key.DELETE, "DELETE", { as: owner, params: { businessId, keyId: id } })).status).toBe(404);
  });

  it("refuses unknown and malformed tokens with 401", async () => {
    for (const authorization of ["Bearer prl_doesnotexist", "Bearer", "Basic abc", "Bearer " + "x".repeat(500)]) {
      const res = await call(business.GET, "GET", { headers: { authorization }, origin: null, params: { businessId } });
      expect([authorization.slice(0, 12), res.status]).toEqual([authorization.slice(0, 12), 401]);
    }
  });

  it("validates input, keeps keys to owners and admins, and hides other businesses' keys", async () => {
    const bad = await call(keys.POST, "POST", { as: owner, params: { businessId }, body: { name: "", scopes: ["admin"] } });
    expect(bad.status).toBe(422);
    expect(bad.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["name", "scopes.0"]);

    const { id } = await createKey(["read"]);
    const stranger = await makeUser("stranger");
    const strangerBiz = (await call(businesses.POST, "POST", { as: stranger, body: { name: "Stranger Co" } })).json.id;
    const cross = await call(key.DELETE, "DELETE", { as: stranger, params: { businessId: strangerBiz, keyId: id } });
    expect(cross.status).toBe(404);
    const foreignList = await call(keys.GET, "GET", { as: stranger, params: { businessId } });
    expect(foreignList.status).toBe(404);
  });
});
