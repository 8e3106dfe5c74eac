import type { CapturedFields, Stage } from "@/db/schema";
import { allowedNextStages } from "@/lib/stages/graph";
import { checkCapture, missingRequired } from "./capture";

/** A conversation's mutable state during one turn; applied to the database when the turn ends. */
export type TurnState = {
  stageId: string | null;
  captured: CapturedFields;
  handoff: string | null;
  ended: string | null;
  transitions: { fromStageId: string | null; toStageId: string; reason: string }[];
};

/** What the engine decided about one proposal of the model, recorded with the reply. */
export type Verdict = { tool: string; input: unknown; accepted: boolean; reason: string };

/** The business's pipeline as the engine sees it in a turn. */
export class Pipeline {
  private readonly next: Map<string, string[]>;
  constructor(readonly stages: Stage[]) {
    this.next = allowedNextStages(stages);
  }
  byId(id: string | null): Stage | undefined {
    return this.stages.find((s) => s.id === id && !s.archivedAt);
  }
  byKey(key: string): Stage | undefined {
    return this.stages.find((s) => s.key === key && !s.archivedAt);
  }
  allowedFrom(stageId: string | null): Stage[] {
    return (stageId ? (this.next.get(stageId) ?? []) : []).map((id) => this.byId(id)).filter((s): s is Stage => s !== undefined);
  }
}

const verdict = (tool: string, input: unknown, accepted: boolean, reason: string): Verdict => ({ tool, input, accepted, reason });

/** advance_stage: only along the graph, and only once the current stage's required fields are in. */
export function decideAdvance(state: TurnState, pipeline: Pipeline, input: { stage: string; reason?: string }): Verdict {
  const current = pipeline.byId(state.stageId);
  const target = pipeline.byKey(input.stage);
  if (!target) return verdict("advance_stage", input, false, `There is no stage “${input.stage}”.`);
  if (current && !pipeline.allowedFrom(current.id).some((s) => s.id === target.id)) {
    const allowed = pipeline.allowedFrom(current.id).map((s) => s.key);
    return verdict("advance_stage", input, false, `“${current.key}” cannot move to “${target.key}”; allowed: ${allowed.join(", ") || "none (terminal stage)"}.`);
  }
  const missing = current ? missingRequired(current.fields, state.captured) : [];
  if (missing.length > 0) return verdict("advance_stage", input, false, `Capture ${missing.map((f) => `“${f.key}”`).join(", ")} first.`);
  state.transitions.push({ fromStageId: state.stageId, toStageId: target.id, reason: input.reason?.slice(0, 500) || "The model moved on." });
  state.stageId = target.id;
  if (target.requestsHuman) state.handoff ??= `Stage “${target.name}” requests a human.`;
  return verdict("advance_stage", input, true, `Now in “${target.key}”.`);
}

/** capture_field: a field of the current stage, with a value of its type. */
export function decideCapture(state: TurnState, pipeline: Pipeline, input: { key: string; value: unknown }): Verdict {
  const field = pipeline.byId(state.stageId)?.fields.find((f) => f.key === input.key);
  if (!field) return verdict("capture_field", input, false, `The current stage has no field “${input.key}”.`);
  const checked = checkCapture(field, input.value);
  if (!checked.ok) return verdict("capture_field", input, false, checked.reason);
  state.captured = { ...state.captured, [field.key]: checked.value };
  return verdict("capture_field", input, true, `Captured “${field.key}”.`);
}

export function decideHandoff(state: TurnState, input: { reason?: string }): Verdict {
  state.handoff ??= input.reason?.slice(0, 500) || "The model asked for a human.";
  return verdict("request_handoff", input, true, "A human will take over.");
}

/** end_conversation: only from a terminal stage, so the pipeline is walked to its end. */
export function decideEnd(state: TurnState, pipeline: Pipeline, input: { reason?: string }): Verdict {
  const current = pipeline.byId(state.stageId);
  if (current && !current.isTerminal) return verdict("end_conversation", input, false, `“${current.key}” is not a terminal stage.`);
  state.ended = input.reason?.slice(0, 500) || "Finished.";
  return verdict("end_conversation", input, true, "The conversation is resolved.");
}
