import { z } from "zod";
import { businessParams, memberParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { roles } from "@/lib/tenancy/permissions";
import { changeRoleInput, inviteMemberInput } from "./schemas";

const member = z.object({ userId: z.uuid(), name: z.string(), email: z.email(), role: z.enum(roles), joinedAt: timestamp });
const invitation = z.object({
  id: z.uuid(),
  email: z.email(),
  role: z.enum(roles),
  expiresAt: timestamp,
  createdAt: timestamp,
  url: z.url().describe("The single-use invitation link; shown only in this response."),
});

export const memberEndpoints: EndpointDoc[] = [
  { method: "get", path: "/businesses/{businessId}/members", tag: "Members", summary: "List members", params: businessParams, query: pageQuery, response: { status: 200, schema: pageOf(member) } },
  { method: "post", path: "/businesses/{businessId}/members", tag: "Members", summary: "Invite a member by email (single-use link, 7 days)", params: businessParams, body: inviteMemberInput, response: { status: 201, schema: invitation } },
  { method: "patch", path: "/businesses/{businessId}/members/{userId}", tag: "Members", summary: "Change a member's role", params: memberParams, body: changeRoleInput, response: { status: 200, schema: member } },
  { method: "delete", path: "/businesses/{businessId}/members/{userId}", tag: "Members", summary: "Remove a member (or leave, for oneself)", params: memberParams, response: { status: 204 } },
];
