import { z, type ZodObject, type ZodType } from "zod";
import { errorRegistry } from "@/lib/errors";

/** One v1 operation, described with the very zod schemas its route handler validates with. */
export type EndpointDoc = {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI path template, e.g. /businesses/{businessId}/members. */
  path: string;
  summary: string;
  tag: string;
  params?: ZodObject;
  query?: ZodObject;
  body?: ZodType;
  /** 200/201 with a body, or 204 without. */
  response: { status: 200 | 201; schema: ZodType; description?: string } | { status: 204; description?: string };
  /** Needs no authentication (health checks, the document itself). */
  public?: boolean;
};

function jsonSchema(schema: ZodType, io: "input" | "output"): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return rest;
}

function parameters(schema: ZodObject | undefined, location: "path" | "query") {
  if (!schema) return [];
  const objectSchema = jsonSchema(schema, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(objectSchema.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (objectSchema.required ?? []).includes(name),
    schema: property,
  }));
}

const problemSchema = {
  type: "object",
  required: ["type", "title", "status", "detail", "code", "requestId"],
  properties: {
    type: { type: "string", format: "uri" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string", enum: Object.keys(errorRegistry) },
    errors: {
      type: "array",
      items: { type: "object", required: ["path", "message"], properties: { path: { type: "string" }, message: { type: "string" } } },
    },
    requestId: { type: "string" },
  },
};

const problem = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
});

/** The OpenAPI 3.1 document for a set of endpoints. */
export function openApiDocument(endpoints: EndpointDoc[], serverUrl: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const responses: Record<string, unknown> =
      endpoint.response.status === 204
        ? { "204": { description: endpoint.response.description ?? "Done; no content." } }
        : {
            [endpoint.response.status]: {
              description: endpoint.response.description ?? (endpoint.response.status === 201 ? "Created." : "OK."),
              content: { "application/json": { schema: jsonSchema(endpoint.response.schema, "output") } },
            },
          };
    if (endpoint.body || endpoint.query) responses["422"] = problem("Invalid input (`validation_failed`), with `errors` per field.");
    if (endpoint.body) {
      responses["400"] = problem("Malformed JSON (`malformed_json`).");
      responses["413"] = problem("Body too large (`payload_too_large`).");
      responses["415"] = problem("Not JSON (`unsupported_media_type`).");
    }
    if (!endpoint.public) {
      responses["401"] = problem("Not authenticated (`unauthenticated`).");
      responses["403"] = problem("The role or key scope does not allow this (`forbidden`), or a cookie request without a same-site Origin (`origin_mismatch`).");
      responses["429"] = problem("Rate limited (`rate_limited`); see Retry-After.");
    }
    if (endpoint.params) responses["404"] = problem("No such resource in the caller's businesses (`not_found`).");
    responses["500"] = problem("Unexpected error (`internal`); quote the requestId.");

    paths[endpoint.path] ??= {};
    paths[endpoint.path]![endpoint.method] = {
      operationId: `${endpoint.method}${endpoint.path.replace(/[{}]/g, "").replace(/(^|[/-])(\w)/g, (_m, _s, c: string) => c.toUpperCase())}`,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      ...(endpoint.public ? { security: [] } : {}),
      parameters: [...parameters(endpoint.params, "path"), ...parameters(endpoint.query, "query")],
      ...(endpoint.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(endpoint.body, "input") } } } }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Parley REST API",
      version: "1",
      description:
        "Parley's versioned API. Authenticate with a business API key (`Authorization: Bearer prl_…`) or, from the browser, the session cookie with a same-site `Origin` on changes. Errors are RFC 9457 problem details with a stable `code`.",
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: "http", scheme: "bearer", description: "A business API key, created under Settings → API keys." },
        session: { type: "apiKey", in: "cookie", name: "authjs.session-token", description: "The signed-in user's session." },
      },
      schemas: { Problem: problemSchema },
    },
    paths,
  };
}

/** Response-shape helpers for the endpoint docs. */
export const timestamp = z.iso.datetime({ offset: true });
export const pageOf = (item: ZodType) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });
