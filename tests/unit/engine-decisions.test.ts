import { describe, expect, it } from "vitest";
import type { Stage } from "@/db/schema";
import { decideAdvance, decideCapture, decideEnd, decideHandoff, Pipeline, type TurnState } from "@/lib/engine/decisions";

let position = 0;
function stage(key: string, extra: Partial<Stage> = {}): Stage {
  const now = new Date();
  return {
    id: `id-${key}`,
    businessId: "b",
    key,
    name: key[0]!.toUpperCase() + key.slice(1),
    goal: "",
    instructions: "",
    exitCriteria: "",
    fields: [],
    nextStageIds: [],
    keywordRules: [],
    isEntry: false,
    isTerminal: false,
    requestsHuman: false,
    position: position++,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const pipeline = new Pipeline([
  stage("greet", { isEntry: true }),
  stage("qualify", { fields: [{ key: "email", label: "Email", type: "email", required: true }, { key: "size", label: "Team size", type: "number", required: false }] }),
  stage("offer", { nextStageIds: ["id-done", "id-human"] }),
  stage("human", { requestsHuman: true, nextStageIds: ["id-done"] }),
  stage("done", { isTerminal: true }),
  stage("old", { archivedAt: new Date() }),
]);
const at = (stageId: string): TurnState => ({ stageId, captured: {}, handoff: null, ended: null, transitions: [] });

describe("the engine's verdicts on the model's proposals", () => {
  it("allows the next stage in order and records the transition", () => {
    const state = at("id-greet");
    expect(decideAdvance(state, pipeline, { stage: "qualify", reason: "said hi" })).toMatchObject({ accepted: true });
    expect(state.stageId).toBe("id-qualify");
    expect(state.transitions).toEqual([{ fromStageId: "id-greet", toStageId: "id-qualify", reason: "said hi" }]);
  });

  it("refuses skipping stages, unknown and archived stages, and leaving a terminal stage", () => {
    for (const [from, to, why] of [
      ["id-greet", "offer", "allowed: qualify"],
      ["id-greet", "nope", "no stage “nope”"],
      ["id-greet", "old", "no stage “old”"],
      ["id-done", "greet", "none (terminal stage)"],
    ] as const) {
      const state = at(from);
      const v = decideAdvance(state, pipeline, { stage: to });
      expect(v.accepted).toBe(false);
      expect(v.reason).toContain(why);
      expect(state.stageId).toBe(from);
      expect(state.transitions).toEqual([]);
    }
  });

  it("holds a stage until its required fields are captured, with valid values only", () => {
    const state = at("id-qualify");
    expect(decideAdvance(state, pipeline, { stage: "offer" })).toMatchObject({ accepted: false, reason: "Capture “email” first." });
    expect(decideCapture(state, pipeline, { key: "email", value: "not an email" })).toMatchObject({ accepted: false });
    expect(decideCapture(state, pipeline, { key: "budget", value: "10" })).toMatchObject({ accepted: false, reason: "The current stage has no field “budget”." });
    expect(decideCapture(state, pipeline, { key: "email", value: "Ana@Example.com" })).toMatchObject({ accepted: true });
    expect(state.captured).toEqual({ email: "ana@example.com" });
    expect(decideAdvance(state, pipeline, { stage: "offer" })).toMatchObject({ accepted: true });
  });

  it("follows explicit next stages, and a stage that requests a human hands over", () => {
    const state = at("id-offer");
    expect(decideAdvance(state, pipeline, { stage: "human" })).toMatchObject({ accepted: true });
    expect(state.handoff).toBe("Stage “Human” requests a human.");
  });

  it("ends only from a terminal stage; a handoff request is always granted", () => {
    const state = at("id-offer");
    expect(decideEnd(state, pipeline, {})).toMatchObject({ accepted: false });
    expect(state.ended).toBeNull();
    expect(decideEnd(at("id-done"), pipeline, { reason: "booked" })).toMatchObject({ accepted: true });
    const wants = at("id-greet");
    expect(decideHandoff(wants, { reason: "asked for a person" })).toMatchObject({ accepted: true });
    expect(wants.handoff).toBe("asked for a person");
  });
});
