import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { errorRegistry } from "@/lib/errors";
import { permissionMatrix, roles } from "@/lib/tenancy/permissions";

const read = (file: string) => fs.readFileSync(new URL(`../../docs/${file}`, import.meta.url), "utf8");

describe("docs/errors.md", () => {
  it("lists exactly the registry's codes with their statuses", () => {
    const documented = [...read("errors.md").matchAll(/^\| `([a-z_]+)` \| (\d{3}) \|/gm)].map((m) => [m[1], Number(m[2])]);
    const registry = Object.entries(errorRegistry).map(([code, { status }]) => [code, status]);
    expect(documented).toEqual(registry);
  });
});

describe("docs/permissions.md", () => {
  it("shows the same matrix that lib/tenancy enforces", () => {
    const documented = Object.fromEntries(
      [...read("permissions.md").matchAll(/^\| `([\w.-]+)` \|(.*)\|\s*$/gm)].map((m) => {
        const cells = m[2]!.split("|").map((c) => c.trim());
        return [m[1], roles.filter((_, i) => cells[i] === "✓")];
      }),
    );
    expect(documented).toEqual(Object.fromEntries(Object.entries(permissionMatrix).map(([p, allowed]) => [p, [...allowed]])));
  });
});
