import fs from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { v1Document, v1Endpoints } from "@/lib/http/api-catalogue";

const v1Root = path.resolve(import.meta.dirname, "../../app/api/v1");

/** Every (METHOD, /path/{param}) that a route file under app/api/v1 exports. */
function routedOperations(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "route.ts") {
        const routePath = path.relative(v1Root, dir).split(path.sep).join("/");
        if (routePath === "openapi.json") continue;
        const apiPath = `/${routePath}`.replace(/\[(\w+)\]/g, "{$1}");
        const source = fs.readFileSync(full, "utf8");
        for (const m of source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${m[1]} ${apiPath}`);
      }
    }
  };
  walk(v1Root);
  return found.sort();
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(v1Document("http://localhost:3000") as unknown as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("covers exactly the v1 route handlers", () => {
    const documented = v1Endpoints.map((e) => `${e.method.toUpperCase()} ${e.path}`).sort();
    expect(documented).toEqual(routedOperations());
  });

  it("describes request bodies from the handlers' zod schemas", () => {
    const doc = v1Document("http://localhost:3000");
    const create = doc.paths["/businesses"]!.post as { requestBody: { content: { "application/json": { schema: { properties: object; required: string[] } } } } };
    const schema = create.requestBody.content["application/json"].schema;
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["name", "slug", "timezone"]));
    expect(schema.required).toEqual(["name"]);
  });
});
