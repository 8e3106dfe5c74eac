import { z, type ZodType } from "zod";
import type { EndpointDoc } from "./openapi";

/** One documented field of a request or response, flattened to a dotted path (`fields[].key`). */
export type ReferenceField = { path: string; type: string; required: boolean; description?: string };

export type ReferenceEndpoint = {
  id: string;
  method: string;
  path: string;
  summary: string;
  pathParams: ReferenceField[];
  query: ReferenceField[];
  body: ReferenceField[];
  response: { status: number; fields: ReferenceField[] };
};

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  description?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};

/** A short human type: `string (email)`, `"read" | "write"`, `integer 1–100`, `array of object`. */
function typeLabel(schema: JsonSchema): string {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) return [...new Set(variants.map(typeLabel))].join(" | ");
  if (schema.enum) return schema.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  const base = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type ?? "any");
  if (base === "array") return `array of ${schema.items ? typeLabel(schema.items) : "any"}`;
  // zod's int() adds ±MAX_SAFE_INTEGER bounds, which say nothing to a reader.
  const bound = (n?: number) => (n === undefined || Math.abs(n) >= Number.MAX_SAFE_INTEGER ? undefined : n);
  const range = (low?: number, high?: number, unit = "") => {
    const [lo, hi] = [bound(low), bound(high)];
    if (lo !== undefined && hi !== undefined) return ` ${lo}–${hi}${unit}`;
    return lo !== undefined ? ` ≥ ${lo}${unit}` : hi !== undefined ? ` ≤ ${hi}${unit}` : "";
  };
  const detail = schema.format ? ` (${schema.format})` : base === "string" ? range(schema.minLength, schema.maxLength, " chars") : range(schema.minimum, schema.maximum);
  return `${base}${detail}`;
}

function flatten(schema: JsonSchema, prefix: string, required: boolean, into: ReferenceField[]): ReferenceField[] {
  const variants = schema.anyOf ?? schema.oneOf;
  const objectVariant = variants?.find((v) => v.properties);
  if (prefix) {
    const description = [schema.description, schema.default !== undefined ? `Default: ${JSON.stringify(schema.default)}.` : undefined].filter(Boolean).join(" ");
    into.push({ path: prefix, type: typeLabel(schema), required, ...(description ? { description } : {}) });
  }
  const object = schema.properties ? schema : objectVariant;
  if (object?.properties) {
    for (const [name, property] of Object.entries(object.properties)) {
      flatten(property, prefix ? `${prefix}.${name}` : name, (object.required ?? []).includes(name), into);
    }
  } else if (schema.items) {
    const items = schema.items.properties ? schema.items : (schema.items.anyOf ?? []).find((v) => v.properties);
    if (items) for (const [name, property] of Object.entries(items.properties ?? {})) flatten(property, `${prefix}[].${name}`, (items.required ?? []).includes(name), into);
  }
  return into;
}

const fieldsOf = (schema: ZodType | undefined, io: "input" | "output") =>
  schema ? flatten(z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema, "", true, []) : [];

/** The v1 endpoints as a reference a person reads, grouped by tag in catalogue order. */
export function apiReference(endpoints: EndpointDoc[]): { tag: string; endpoints: ReferenceEndpoint[] }[] {
  const groups = new Map<string, ReferenceEndpoint[]>();
  for (const e of endpoints) {
    const list = groups.get(e.tag) ?? [];
    list.push({
      id: `${e.method}-${e.path}`.replace(/[^a-zA-Z0-9]+/g, "-").replace(/-+$/, ""),
      method: e.method.toUpperCase(),
      path: e.path,
      summary: e.summary,
      pathParams: fieldsOf(e.params, "input"),
      query: fieldsOf(e.query, "input"),
      body: fieldsOf(e.body, "input"),
      response: { status: e.response.status, fields: e.response.status === 204 ? [] : fieldsOf(e.response.schema, "output") },
    });
    groups.set(e.tag, list);
  }
  return [...groups].map(([tag, list]) => ({ tag, endpoints: list }));
}
