import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { roles } from "@/lib/tenancy/permissions";
import { createBusinessInput, updateBusinessInput } from "./schemas";

export const businessResource = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  description: z.string(),
  timezone: z.string(),
  locale: z.string(),
  widgetPublicKey: z.string().describe("Names the business in the widget's embed snippet; public by design."),
  widgetSettings: z.object({
    allowedOrigins: z.array(z.string()),
    agentId: z.uuid().nullable(),
    color: z.string(),
    position: z.enum(["left", "right"]),
    launcherText: z.string(),
    greeting: z.string().nullable(),
    requireVerifiedIdentity: z.boolean(),
  }),
  archivedAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  role: z.enum(roles).describe("The caller's role in this business."),
});

export const listBusinessesQuery = pageQuery.extend({
  includeArchived: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export const businessEndpoints: EndpointDoc[] = [
  { method: "get", path: "/businesses", tag: "Businesses", summary: "List the caller's businesses", query: listBusinessesQuery, response: { status: 200, schema: pageOf(businessResource) } },
  { method: "post", path: "/businesses", tag: "Businesses", summary: "Create a business (the caller becomes its owner)", body: createBusinessInput, response: { status: 201, schema: businessResource } },
  { method: "get", path: "/businesses/{businessId}", tag: "Businesses", summary: "Get a business", params: businessParams, response: { status: 200, schema: businessResource } },
  { method: "patch", path: "/businesses/{businessId}", tag: "Businesses", summary: "Update a business; `archived: false` restores it", params: businessParams, body: updateBusinessInput, response: { status: 200, schema: businessResource } },
  { method: "delete", path: "/businesses/{businessId}", tag: "Businesses", summary: "Archive a business (owners)", params: businessParams, response: { status: 204 } },
  {
    method: "post",
    path: "/businesses/{businessId}/widget-secret",
    tag: "Businesses",
    summary: "Create or rotate the widget secret for identity verification; the secret is returned this once only (owners, admins)",
    params: businessParams,
    response: { status: 201, schema: z.object({ secret: z.string(), hint: z.string(), createdAt: timestamp }) },
  },
];
