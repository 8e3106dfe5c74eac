import { z } from "zod";
import { businessParams } from "@/lib/http/params";
import { pageOf, timestamp, type EndpointDoc } from "@/lib/http/openapi";
import { pageQuery } from "@/lib/pagination";
import { createTemplateInput, listTemplatesQuery, previewTemplateInput, templateKindSchema, updateTemplateInput } from "./schemas";

export const templateParams = businessParams.extend({ templateId: z.uuid() });

const stageRef = z.object({ id: z.uuid(), key: z.string(), name: z.string() });

const templateResource = z.object({
  id: z.uuid(),
  kind: templateKindSchema,
  name: z.string(),
  stageId: z.uuid().nullable(),
  stage: stageRef.nullable(),
  body: z.string().describe("The Liquid body of the newest version."),
  version: z.int().describe("The newest version's number; every change of name or body adds one."),
  createdAt: timestamp,
  updatedAt: timestamp,
});

const templateDetail = templateResource.extend({
  usedBy: z.object({
    agents: z.array(z.object({ id: z.uuid(), name: z.string(), as: z.array(z.enum(["system", "greeting", "fallback", "handoff"])) })),
    stage: stageRef.nullable(),
  }),
});

const versionResource = z.object({
  version: z.int(),
  name: z.string(),
  body: z.string(),
  restoredFrom: z.int().nullable().describe("The version this one restored, if any."),
  savedBy: z.object({ id: z.uuid(), name: z.string() }).nullable().describe("Null when saved with an API key."),
  createdAt: timestamp,
});

const base = "/businesses/{businessId}/templates";
const one = `${base}/{templateId}`;

export const templateEndpoints: EndpointDoc[] = [
  { method: "get", path: base, tag: "Templates", summary: "List templates, optionally of one kind or stage", params: businessParams, query: listTemplatesQuery, response: { status: 200, schema: pageOf(templateResource) } },
  { method: "post", path: base, tag: "Templates", summary: "Create a template (version 1); the body is checked against the variable catalogue", params: businessParams, body: createTemplateInput, response: { status: 201, schema: templateDetail } },
  { method: "get", path: one, tag: "Templates", summary: "Get a template with the agents and stage that use it", params: templateParams, response: { status: 200, schema: templateDetail } },
  { method: "patch", path: one, tag: "Templates", summary: "Update a template; a changed name or body saves a new version", params: templateParams, body: updateTemplateInput, response: { status: 200, schema: templateDetail } },
  { method: "delete", path: one, tag: "Templates", summary: "Delete a template (409 `conflict` while an agent uses it)", params: templateParams, response: { status: 204 } },
  { method: "get", path: `${one}/versions`, tag: "Templates", summary: "List a template's versions, newest first", params: templateParams, query: pageQuery, response: { status: 200, schema: pageOf(versionResource) } },
  {
    method: "post",
    path: `${one}/preview`,
    tag: "Templates",
    summary: "Render a body with sample data (422 locates an error by line and column)",
    params: templateParams,
    body: previewTemplateInput,
    response: { status: 200, schema: z.object({ text: z.string() }) },
  },
];
