import { beforeEach, describe, expect, it } from "vitest";
import * as businesses from "@/app/api/v1/businesses/route";
import * as members from "@/app/api/v1/businesses/[businessId]/members/route";
import * as member from "@/app/api/v1/businesses/[businessId]/members/[userId]/route";
import type { Role } from "@/db/schema";
import { acceptInvitation, describeInvitation } from "@/lib/members/service";
import { call, makeUser, type TestUser } from "./helpers";

let owner: TestUser;
let businessId: string;

const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!;

async function invite(as: TestUser, email: string, role: Role) {
  return call(members.POST, "POST", { as, params: { businessId }, body: { email, role } });
}

async function join(user: TestUser, role: Role) {
  const res = await invite(owner, user.email, role);
  expect(res.status).toBe(201);
  await acceptInvitation(user.actor, tokenOf(res.json.url));
}

beforeEach(async () => {
  owner = await makeUser("owner");
  const created = await call(businesses.POST, "POST", { as: owner, body: { name: "Members Test Co" } });
  businessId = created.json.id;
});

describe("inviting", () => {
  it("answers 201 with a single-use link for the invited email and role", async () => {
    const res = await invite(owner, "New.Person@Example.com", "agent");
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ email: "new.person@example.com", role: "agent", url: expect.stringMatching(/^http:\/\/parley\.test\/invite\/[\w-]{40,}$/) });
    expect(await describeInvitation(tokenOf(res.json.url))).toMatchObject({ businessName: "Members Test Co", role: "agent", usable: true });
  });

  it("lets only the invited account accept, exactly once", async () => {
    const invited = await makeUser("invited");
    const stranger = await makeUser("stranger");
    const token = tokenOf((await invite(owner, invited.email, "viewer")).json.url);
    await expect(acceptInvitation(stranger.actor, token)).rejects.toMatchObject({ code: "forbidden" });
    await acceptInvitation(invited.actor, token);
    await expect(acceptInvitation(invited.actor, token)).rejects.toMatchObject({ code: "invitation_unavailable" });
    const list = await call(members.GET, "GET", { as: invited, params: { businessId } });
    expect(list.json.data).toEqual(
      expect.arrayContaining([expect.objectContaining({ email: invited.email, role: "viewer" }), expect.objectContaining({ email: owner.email, role: "owner" })]),
    );
  });

  it("replaces an earlier link when the same email is invited again", async () => {
    const invited = await makeUser("again");
    const first = tokenOf((await invite(owner, invited.email, "viewer")).json.url);
    const second = tokenOf((await invite(owner, invited.email, "admin")).json.url);
    await expect(acceptInvitation(invited.actor, first)).rejects.toMatchObject({ code: "invitation_unavailable" });
    await acceptInvitation(invited.actor, second);
  });

  it("refuses inviting an existing member (409), admins inviting owners (403), agents inviting at all (403)", async () => {
    const admin = await makeUser("admin");
    const agent = await makeUser("agent");
    await join(admin, "admin");
    await join(agent, "agent");
    expect((await invite(owner, admin.email, "viewer")).json.code).toBe("conflict");
    const adminMakesOwner = await invite(admin, "boss@example.com", "owner");
    expect([adminMakesOwner.status, adminMakesOwner.json.code]).toEqual([403, "forbidden"]);
    expect((await invite(admin, "helper@example.com", "agent")).status).toBe(201);
    expect((await invite(agent, "friend@example.com", "viewer")).status).toBe(403);
  });

  it("validates the invitation body", async () => {
    const res = await call(members.POST, "POST", { as: owner, params: { businessId }, body: { email: "not-an-email", role: "king" } });
    expect(res.status).toBe(422);
    expect(res.json.errors.map((e: { path: string }) => e.path).sort()).toEqual(["email", "role"]);
  });
});

describe("changing roles and removing members", () => {
  it("changes a role, and never demotes or removes the last owner", async () => {
    const admin = await makeUser("admin");
    await join(admin, "admin");
    const changed = await call(member.PATCH, "PATCH", { as: owner, params: { businessId, userId: admin.id }, body: { role: "viewer" } });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({ userId: admin.id, role: "viewer" });

    const demoteSelf = await call(member.PATCH, "PATCH", { as: owner, params: { businessId, userId: owner.id }, body: { role: "admin" } });
    expect([demoteSelf.status, demoteSelf.json.code]).toEqual([409, "last_owner"]);
    const leave = await call(member.DELETE, "DELETE", { as: owner, params: { businessId, userId: owner.id } });
    expect([leave.status, leave.json.code]).toEqual([409, "last_owner"]);

    // With a second owner, the first may step down.
    await call(member.PATCH, "PATCH", { as: owner, params: { businessId, userId: admin.id }, body: { role: "owner" } });
    const stepDown = await call(member.PATCH, "PATCH", { as: owner, params: { businessId, userId: owner.id }, body: { role: "admin" } });
    expect(stepDown.json.role).toBe("admin");
  });

  it("lets admins manage non-owners only, and any member leave", async () => {
    const admin = await makeUser("admin");
    const viewer = await makeUser("viewer");
    await join(admin, "admin");
    await join(viewer, "viewer");
    const adminDemotesOwner = await call(member.PATCH, "PATCH", { as: admin, params: { businessId, userId: owner.id }, body: { role: "viewer" } });
    expect(adminDemotesOwner.status).toBe(403);
    const adminRemovesOwner = await call(member.DELETE, "DELETE", { as: admin, params: { businessId, userId: owner.id } });
    expect(adminRemovesOwner.status).toBe(403);
    const viewerRemovesAdmin = await call(member.DELETE, "DELETE", { as: viewer, params: { businessId, userId: admin.id } });
    expect(viewerRemovesAdmin.status).toBe(403);

    const viewerLeaves = await call(member.DELETE, "DELETE", { as: viewer, params: { businessId, userId: viewer.id } });
    expect(viewerLeaves.status).toBe(204);
    const afterLeaving = await call(members.GET, "GET", { as: viewer, params: { businessId } });
    expect(afterLeaving.status).toBe(404);
  });

  it("answers 404 for a user who is not a member of this business", async () => {
    const elsewhere = await makeUser("elsewhere");
    await call(businesses.POST, "POST", { as: elsewhere, body: { name: "Elsewhere Inc" } });
    const res = await call(member.PATCH, "PATCH", { as: owner, params: { businessId, userId: elsewhere.id }, body: { role: "viewer" } });
    expect([res.status, res.json.code]).toEqual([404, "not_found"]);
    const del = await call(member.DELETE, "DELETE", { as: owner, params: { businessId, userId: elsewhere.id } });
    expect(del.status).toBe(404);
  });
});
