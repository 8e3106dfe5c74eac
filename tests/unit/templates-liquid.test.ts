import { describe, expect, it } from "vitest";
import { diffText } from "@/lib/templates/diff";
import { assertValidTemplate, findTemplateProblems, formatProblem, previewTemplate } from "@/lib/templates/liquid";
import { catalogueEntries, isKnownVariable, sampleContext } from "@/lib/templates/variables";

describe("template checks", () => {
  it("accepts every catalogued variable, loops over stage fields, and any captured key", () => {
    const body = [
      "You are {{ agent.name }} of {{ business.name }} ({{ business.timezone }}).",
      "{% for field in stage.fields %}- {{ field.label }}{% if field.required %} (required){% endif %}{% endfor %}",
      "{{ captured.postcode }} {{ captured[stage.key] }} {{ contact.attributes.plan | upcase }} {{ contact.name.size }}",
      "{% assign greeting = 'Hi' %}{{ greeting }} {{ stage.fields.size }} {{ stage.fields.first.key }}",
    ].join("\n");
    expect(findTemplateProblems(body)).toEqual([]);
  });

  it("locates unknown variables by line and column", () => {
    const problems = findTemplateProblems("Hello\n  {{ contact.nmae }} and {{ order.id }}");
    expect(problems).toEqual([
      { line: 2, column: 6, message: "unknown variable “contact.nmae”" },
      { line: 2, column: 29, message: "unknown variable “order.id”" },
    ]);
    expect(formatProblem(problems[0]!)).toBe("Line 2, column 6: unknown variable “contact.nmae”");
  });

  it("reports syntax errors and unknown filters with their position", () => {
    expect(findTemplateProblems("one\n{% if contact.name %}open")).toEqual([{ line: 2, column: 1, message: "tag {% if contact.name %} not closed" }]);
    expect(findTemplateProblems("{{ business.name | shout }}")).toEqual([{ line: 1, column: 1, message: "unknown filter “shout”" }]);
    expect(findTemplateProblems("{{ business.name }")[0]).toMatchObject({ line: 1, column: 1 });
  });

  it("refuses partials, which would read beyond the catalogue", () => {
    for (const tag of ["include", "render", "layout"]) {
      expect(findTemplateProblems(`ok\n{% ${tag} 'secrets' %}`)).toEqual([{ line: 2, column: 1, message: `the “${tag}” tag is not available in Parley templates` }]);
    }
  });

  it("throws a ValidationError on the body path with line and column", () => {
    expect(() => assertValidTemplate("{{ agent.nope }}")).toThrow(
      expect.objectContaining({ code: "validation_failed", extra: { errors: [{ path: "body", message: "Line 1, column 4: unknown variable “agent.nope”", line: 1, column: 4 }] } }),
    );
  });
});

describe("isKnownVariable", () => {
  it.each([
    [["business", "name"], true],
    [["business"], true],
    [["business", "nam"], false],
    [["business", "name", "size"], true],
    [["business", "name", "x"], false],
    [["stage", "fields", 0, "key"], true],
    [["stage", "fields", 0, "nope"], false],
    [["stage", "fields", "size"], true],
    [["captured", "anything", "deeper"], true],
    [["contact", "attributes", "plan"], true],
    [["secrets"], false],
    [["business", ["stage", "key"]], true],
  ] as const)("%j → %s", (path, known) => {
    expect(isKnownVariable([...path] as never)).toBe(known);
  });
});

describe("preview rendering", () => {
  it("renders the sample data without HTML escaping, overridden by given variables", async () => {
    expect(await previewTemplate("Hi {{ contact.name }} from {{ business.name }} <3 & {{ captured.email }}!")).toBe("Hi Sam Taylor from Acme Plumbing <3 & !");
    expect(await previewTemplate("{{ contact.name }} {{ captured.email }} {{ business.name }}", { contact: { name: "Bo" }, captured: { email: "bo@x.io" } })).toBe(
      "Bo bo@x.io Acme Plumbing",
    );
  });

  it("treats a missing captured value as empty and falsy", async () => {
    expect(await previewTemplate("{% if captured.phone %}call{% else %}ask for a phone{% endif %}")).toBe("ask for a phone");
  });

  it("stops templates that would run away, with the location of the problem", async () => {
    await expect(previewTemplate("{% for i in (1..100000000) %}{{ i }}{% endfor %}")).rejects.toMatchObject({
      code: "validation_failed",
      extra: { errors: [expect.objectContaining({ path: "body", line: 1, column: 1 })] },
    });
  });

  it("locates render-time errors such as a list index that does not exist", async () => {
    await expect(previewTemplate("x\n{{ stage.fields[7].key }}")).rejects.toMatchObject({
      extra: { errors: [expect.objectContaining({ line: 2, message: expect.stringMatching(/^Line 2, column \d+: unknown variable/) })] },
    });
  });

  it("ignores a __proto__ key in the given variables", async () => {
    expect(await previewTemplate("{{ business.name }}", JSON.parse('{"__proto__": {"polluted": true}, "business": {"name": "Safe"}}'))).toBe("Safe");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("the catalogue", () => {
  it("documents every variable with a description and a sample that renders", async () => {
    const entries = catalogueEntries();
    expect(entries.map((e) => e.path)).toEqual(
      expect.arrayContaining(["business.name", "agent.description", "contact.attributes.<key>", "conversation.startedAt", "stage.exitCriteria", "stage.fields", "captured.<key>"]),
    );
    for (const entry of entries) expect(entry.description.length).toBeGreaterThan(5);
    expect(sampleContext().stage.fields[0]).toMatchObject({ key: "problem" });
  });
});

describe("diffText", () => {
  it("marks removed and added lines, keeping unchanged ones", () => {
    expect(diffText("Hello\nBye\nEnd", "Hello\nSee you\nEnd")).toEqual([
      { op: " ", text: "Hello" },
      { op: "-", text: "Bye" },
      { op: "+", text: "See you" },
      { op: " ", text: "End" },
    ]);
    expect(diffText("same", "same")).toEqual([{ op: " ", text: "same" }]);
  });
});
