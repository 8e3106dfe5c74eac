import { describe, expect, it } from "vitest";
import { allowedNextStages, introducedProblems, pipelineProblems, problemKey, type GraphStage } from "@/lib/stages/graph";

let position = 0;
/** A stage named `id` (ids are names here, to keep the expectations readable). */
function s(id: string, flags: Partial<GraphStage> = {}): GraphStage {
  return { id, name: id, position: position++, isEntry: false, isTerminal: false, nextStageIds: [], keywordRules: [], fields: [], archivedAt: null, ...flags };
}

const codes = (stages: GraphStage[]) => pipelineProblems(stages).map((p) => `${p.code} ${p.stageId ?? "-"} ${p.field ?? "-"}`);

describe("allowedNextStages", () => {
  it("follows the order by default, explicit next stages when given, and nothing from a terminal stage", () => {
    const next = allowedNextStages([s("a", { isEntry: true }), s("b", { nextStageIds: ["d", "c"] }), s("c"), s("d", { isTerminal: true, nextStageIds: ["a"] })]);
    expect(Object.fromEntries(next)).toEqual({ a: ["b"], b: ["d", "c"], c: ["d"], d: [] });
  });

  it("skips archived stages, both as defaults and as explicit targets", () => {
    const next = allowedNextStages([s("a", { nextStageIds: ["b", "c"] }), s("b", { archivedAt: new Date() }), s("c"), s("x"), s("y", { archivedAt: new Date() }), s("z")]);
    expect(next.get("a")).toEqual(["c"]);
    expect(next.get("x")).toEqual(["z"]);
    expect(next.has("b")).toBe(false);
  });

  it("orders by position, not by the order of the input", () => {
    const [a, b, c] = [s("a"), s("b"), s("c")];
    expect(allowedNextStages([c!, a!, b!]).get("a")).toEqual(["b"]);
  });
});

describe("pipelineProblems", () => {
  it("accepts a straight entry → middle → terminal pipeline", () => {
    expect(pipelineProblems([s("greet", { isEntry: true }), s("qualify"), s("done", { isTerminal: true })])).toEqual([]);
  });

  it("accepts a single stage that is both entry and terminal", () => {
    expect(pipelineProblems([s("only", { isEntry: true, isTerminal: true })])).toEqual([]);
  });

  it("reports an empty pipeline as missing its entry and terminal, pointing at no stage", () => {
    expect(codes([])).toEqual(["no_entry - -", "no_terminal - -"]);
    expect(codes([s("gone", { archivedAt: new Date(), isEntry: true, isTerminal: true })])).toEqual(["no_entry - -", "no_terminal - -"]);
  });

  it("asks for an entry stage, pointing at the first stage", () => {
    const problems = pipelineProblems([s("a"), s("b", { isTerminal: true })]);
    expect(problems).toEqual([expect.objectContaining({ code: "no_entry", stageId: "a", field: "isEntry", message: expect.stringContaining("“a”") })]);
  });

  it("asks for a terminal stage once, pointing at the last stage, instead of a dead end per stage", () => {
    expect(codes([s("a", { isEntry: true }), s("b")])).toEqual(["no_terminal b isTerminal"]);
  });

  it("reports stages that no entry reaches, and names them", () => {
    const problems = pipelineProblems([s("a", { isEntry: true, nextStageIds: ["c"] }), s("b", { nextStageIds: ["c"] }), s("c", { isTerminal: true })]);
    expect(problems).toEqual([{ code: "unreachable", stageId: "b", field: "isEntry", message: "“b” cannot be reached from an entry stage." }]);
  });

  it("reports a stage that cannot reach a terminal stage, e.g. a loop", () => {
    const stages = [s("a", { isEntry: true, nextStageIds: ["b", "d"] }), s("b", { nextStageIds: ["c"] }), s("c", { nextStageIds: ["b"] }), s("d", { isTerminal: true })];
    expect(codes(stages)).toEqual(["dead_end b nextStageIds", "dead_end c nextStageIds"]);
    expect(pipelineProblems(stages)[0]!.message).toBe("“b” cannot reach a terminal stage.");
  });

  it("allows two separate pipelines, each with its own entry", () => {
    const stages = [s("a1", { isEntry: true }), s("t1", { isTerminal: true }), s("a2", { isEntry: true }), s("t2", { isTerminal: true })];
    expect(pipelineProblems(stages)).toEqual([]);
  });

  it("refuses an entry stage reachable from another entry: one entry per pipeline", () => {
    const stages = [s("a1", { isEntry: true }), s("a2", { isEntry: true }), s("t", { isTerminal: true })];
    const problems = pipelineProblems(stages);
    expect(codes(stages)).toEqual(["entry_reachable a2 isEntry"]);
    expect(problems[0]!.message).toContain("“a2” is an entry stage but can be reached from the entry stage “a1”");
  });

  it("refuses next stages on a terminal stage", () => {
    expect(codes([s("a", { isEntry: true }), s("t", { isTerminal: true, nextStageIds: ["a"] })])).toEqual(["terminal_has_next t nextStageIds"]);
  });

  it("reports transitions to unknown and archived stages at the exact field", () => {
    const stages = [
      s("a", { isEntry: true, nextStageIds: ["ghost", "old", "t"], keywordRules: [{ nextStageId: "t" }, { nextStageId: "old" }] }),
      s("old", { archivedAt: new Date() }),
      s("t", { isTerminal: true }),
    ];
    const problems = pipelineProblems(stages);
    expect(codes(stages)).toEqual(["unknown_transition a nextStageIds.0", "unknown_transition a nextStageIds.1", "unknown_transition a keywordRules.1.nextStageId"]);
    expect(problems.map((p) => p.message)).toEqual([
      "“a” moves to a stage that does not exist.",
      "“a” moves to “old”, which is archived.",
      "A keyword rule of “a” moves to a stage that is archived.",
    ]);
  });

  it("allows keyword rules only towards allowed next stages (the default next one included)", () => {
    const stages = [s("a", { isEntry: true, keywordRules: [{ nextStageId: "b" }, { nextStageId: "t" }] }), s("b"), s("t", { isTerminal: true, keywordRules: [{ nextStageId: "a" }] })];
    expect(codes(stages)).toEqual(["rule_not_allowed a keywordRules.1.nextStageId", "rule_not_allowed t keywordRules.0.nextStageId"]);
    expect(pipelineProblems(stages)[0]!.message).toBe("A keyword rule of “a” moves to “t”, which is not one of its next stages.");
  });

  it("reports a capture field key used twice in one stage, not across stages", () => {
    const stages = [s("a", { isEntry: true, fields: [{ key: "email" }, { key: "name" }, { key: "email" }] }), s("t", { isTerminal: true, fields: [{ key: "email" }] })];
    expect(codes(stages)).toEqual(["duplicate_field a fields.2.key"]);
  });

  it("ignores archived stages entirely", () => {
    expect(pipelineProblems([s("a", { isEntry: true }), s("lost", { archivedAt: new Date() }), s("t", { isTerminal: true })])).toEqual([]);
  });
});

describe("introducedProblems", () => {
  const working = [s("a", { isEntry: true }), s("b"), s("t", { isTerminal: true })];

  it("finds what a change breaks in a working pipeline", () => {
    const broken = working.map((x) => (x.id === "a" ? { ...x, nextStageIds: ["t"] } : x));
    expect(introducedProblems(pipelineProblems(working), pipelineProblems(broken)).map((p) => p.code)).toEqual(["unreachable"]);
  });

  it("does not count problems that already existed, even after a rename or a move", () => {
    const before = [s("loose", { nextStageIds: ["a"] }), s("a", { isEntry: true }), s("b")];
    const after = [{ ...before[0]!, name: "Moved", position: -5 }, { ...before[1]!, name: "Renamed" }, before[2]!];
    expect(pipelineProblems(after).map((p) => p.code)).toEqual(["unreachable", "no_terminal"]);
    expect(introducedProblems(pipelineProblems(before), pipelineProblems(after))).toEqual([]);
  });

  it("lets an empty pipeline be built one stage at a time", () => {
    const steps = [[], [s("a", { isEntry: true })], [s("a", { isEntry: true }), s("b")], [s("a", { isEntry: true }), s("b"), s("c", { isTerminal: true })]];
    for (let i = 1; i < steps.length; i++) {
      expect(introducedProblems(pipelineProblems(steps[i - 1]!), pipelineProblems(steps[i]!))).toEqual([]);
    }
    expect(pipelineProblems(steps[3]!)).toEqual([]);
  });

  it("keys stage problems by stage and target, pipeline-wide ones by kind only", () => {
    const [noEntry] = pipelineProblems([s("x")]);
    expect(problemKey(noEntry!)).toBe("no_entry");
    const [unknown] = pipelineProblems([s("y", { isEntry: true, isTerminal: false, nextStageIds: ["ghost"] }), s("z", { isTerminal: true })]);
    expect(problemKey(unknown!)).toBe("unknown_transition:y:ghost");
  });
});
