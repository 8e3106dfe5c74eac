import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "@/lib/http/problem";
import { createStageInput, updateStageInput } from "@/lib/stages/schemas";
import { copyKey } from "@/lib/stages/service";

const id = "3f1c7a52-8f0e-4b8e-9a43-2b1f5c6d7e8f";
const errorsOf = (value: unknown) => {
  const result = createStageInput.safeParse(value);
  return result.success ? [] : fieldErrorsOf(result.error);
};

describe("stage input", () => {
  it("fills defaults and normalises the key", () => {
    const parsed = createStageInput.parse({ key: " Qualify-Lead ", name: "Qualify" });
    expect(parsed).toMatchObject({ key: "qualify-lead", fields: [], nextStageIds: [], keywordRules: [], isEntry: false, isTerminal: false, requestsHuman: false });
  });

  it("points each problem at its field", () => {
    const errors = errorsOf({
      key: "Not a slug!",
      name: "",
      fields: [
        { key: "email", label: "Email", type: "email", required: true },
        { key: "plan", label: "Plan", type: "choice" },
        { key: "1bad", label: "X", type: "colour" },
      ],
      keywordRules: [
        { match: "regex", pattern: "(unclosed", nextStageId: id },
        { match: "keywords", pattern: "yes", nextStageId: "nope" },
      ],
      surprise: true,
    });
    expect(errors.map((e) => e.path).sort()).toEqual(
      ["fields.1.options", "fields.2.key", "fields.2.type", "key", "keywordRules.0.pattern", "keywordRules.1.nextStageId", "name", "surprise"].sort(),
    );
    expect(errors.find((e) => e.path === "keywordRules.0.pattern")?.message).toBe("This regular expression does not compile.");
  });

  it("accepts a choice field with options and refuses options on other types", () => {
    expect(errorsOf({ key: "a", name: "A", fields: [{ key: "plan", label: "Plan", type: "choice", options: ["basic", "pro"] }] })).toEqual([]);
    expect(errorsOf({ key: "a", name: "A", fields: [{ key: "age", label: "Age", type: "number", options: ["1"] }] }).map((e) => e.path)).toEqual(["fields.0.options"]);
  });

  it("takes partial updates and the archived flag, nothing unknown", () => {
    expect(updateStageInput.parse({ archived: true })).toEqual({ archived: true });
    expect(updateStageInput.safeParse({ position: 3 }).success).toBe(false);
  });
});

describe("copyKey", () => {
  it("adds -copy, then a number, and stays within 48 characters", () => {
    expect(copyKey("qualify", new Set())).toBe("qualify-copy");
    expect(copyKey("qualify", new Set(["qualify-copy", "qualify-copy-2"]))).toBe("qualify-copy-3");
    const long = "a".repeat(46) + "-b";
    const copied = copyKey(long, new Set());
    expect(copied.length).toBeLessThanOrEqual(48);
    expect(copied.endsWith("-copy")).toBe(true);
    expect(copied).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });
});
