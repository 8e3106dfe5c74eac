import type { CaptureField, KeywordRule } from "@/db/schema";

/** What the graph checks need of a stage; archived stages are passed too, so references to them can be named. */
export type GraphStage = {
  id: string;
  name: string;
  position: number;
  isEntry: boolean;
  isTerminal: boolean;
  nextStageIds: readonly string[];
  keywordRules: readonly Pick<KeywordRule, "nextStageId">[];
  fields: readonly Pick<CaptureField, "key">[];
  archivedAt: Date | null;
};

export type ProblemCode =
  | "no_entry"
  | "no_terminal"
  | "entry_reachable"
  | "unreachable"
  | "dead_end"
  | "terminal_has_next"
  | "unknown_transition"
  | "rule_not_allowed"
  | "duplicate_field";

/**
 * One thing wrong with a business's pipeline. `stageId` is the stage to fix (null only for an
 * empty pipeline, which has no stage to point at) and `field` the input of that stage at fault.
 */
export type PipelineProblem = {
  code: ProblemCode;
  stageId: string | null;
  field: string | null;
  message: string;
  /** What else identifies the problem (a target stage, a field key), so that renames do not make it "new". */
  ref?: string;
};

// These concern the pipeline as a whole; which stage they point at changes as stages are added.
const PIPELINE_WIDE: readonly ProblemCode[] = ["no_entry", "no_terminal"];

/** The identity of a problem, stable across renames and reorderings, for before/after comparison. */
export function problemKey(problem: PipelineProblem): string {
  return PIPELINE_WIDE.includes(problem.code) ? problem.code : `${problem.code}:${problem.stageId}:${problem.ref ?? ""}`;
}

/** The problems of `after` that `before` did not have: the ones a save would introduce. */
export function introducedProblems(before: readonly PipelineProblem[], after: readonly PipelineProblem[]): PipelineProblem[] {
  const known = new Set(before.map(problemKey));
  return after.filter((problem) => !known.has(problemKey(problem)));
}

const quoted = (name: string) => `“${name}”`;

const activeInOrder = (stages: readonly GraphStage[]) =>
  stages.filter((s) => !s.archivedAt).sort((a, b) => a.position - b.position || a.id.localeCompare(b.id));

/**
 * Where each active stage may go next: nowhere from a terminal stage, else its explicit next
 * stages (those that exist and are active), else the next active stage in order.
 */
export function allowedNextStages(stages: readonly GraphStage[]): Map<string, string[]> {
  const active = activeInOrder(stages);
  const activeIds = new Set(active.map((s) => s.id));
  const next = new Map<string, string[]>();
  active.forEach((stage, index) => {
    if (stage.isTerminal) next.set(stage.id, []);
    else if (stage.nextStageIds.length > 0) next.set(stage.id, stage.nextStageIds.filter((id) => activeIds.has(id)));
    else {
      const following = active[index + 1];
      next.set(stage.id, following ? [following.id] : []);
    }
  });
  return next;
}

function reachableFrom(starts: readonly string[], edges: Map<string, string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const queue = [...starts];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const target of edges.get(id) ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

function reversed(edges: Map<string, string[]>): Map<string, string[]> {
  const back = new Map<string, string[]>();
  for (const [from, targets] of edges) for (const to of targets) back.set(to, [...(back.get(to) ?? []), from]);
  return back;
}

/**
 * Checks a business's pipeline (its active stages): one entry per pipeline, every stage reachable
 * from an entry, a terminal stage reachable from every stage, terminal stages going nowhere,
 * transitions only to existing active stages, keyword rules only to allowed next stages, and
 * capture field keys unique within a stage. Every problem names the stage to fix.
 */
export function pipelineProblems(stages: readonly GraphStage[]): PipelineProblem[] {
  const active = activeInOrder(stages);
  if (active.length === 0) {
    return [
      { code: "no_entry", stageId: null, field: null, message: "The pipeline has no stages yet: add the entry stage, where conversations start." },
      { code: "no_terminal", stageId: null, field: null, message: "Add a terminal stage, where conversations end." },
    ];
  }
  const byId = new Map(stages.map((s) => [s.id, s]));
  const next = allowedNextStages(stages);
  const problems: PipelineProblem[] = [];
  const add = (stage: GraphStage, code: ProblemCode, field: string | null, message: string, ref?: string) =>
    problems.push({ code, stageId: stage.id, field, message, ...(ref === undefined ? {} : { ref }) });

  for (const stage of active) {
    const name = quoted(stage.name);
    stage.nextStageIds.forEach((targetId, i) => {
      const target = byId.get(targetId);
      if (!target) add(stage, "unknown_transition", `nextStageIds.${i}`, `${name} moves to a stage that does not exist.`, targetId);
      else if (target.archivedAt) add(stage, "unknown_transition", `nextStageIds.${i}`, `${name} moves to ${quoted(target.name)}, which is archived.`, targetId);
    });
    if (stage.isTerminal && stage.nextStageIds.length > 0) {
      add(stage, "terminal_has_next", "nextStageIds", `${name} is terminal, so it cannot have next stages.`);
    }
    const allowed = next.get(stage.id) ?? [];
    stage.keywordRules.forEach((rule, i) => {
      const target = byId.get(rule.nextStageId);
      const field = `keywordRules.${i}.nextStageId`;
      const ref = `rule:${rule.nextStageId}`;
      if (!target || target.archivedAt) {
        add(stage, "unknown_transition", field, `A keyword rule of ${name} moves to a stage that ${target ? "is archived" : "does not exist"}.`, ref);
      } else if (!allowed.includes(target.id)) {
        add(stage, "rule_not_allowed", field, `A keyword rule of ${name} moves to ${quoted(target.name)}, which is not one of its next stages.`, ref);
      }
    });
    const seenKeys = new Set<string>();
    stage.fields.forEach((field, i) => {
      if (seenKeys.has(field.key)) add(stage, "duplicate_field", `fields.${i}.key`, `${name} captures the field “${field.key}” more than once.`, field.key);
      seenKeys.add(field.key);
    });
  }

  const entries = active.filter((s) => s.isEntry);
  const first = active[0]!;
  if (entries.length === 0) {
    add(first, "no_entry", "isEntry", `No stage is the entry stage: mark where conversations start (for example ${quoted(first.name)}).`);
  } else {
    for (const entry of entries) {
      const others = entries.filter((e) => e.id !== entry.id);
      const from = others.find((other) => reachableFrom([other.id], next).has(entry.id));
      if (from) {
        add(entry, "entry_reachable", "isEntry", `${quoted(entry.name)} is an entry stage but can be reached from the entry stage ${quoted(from.name)}: a pipeline has exactly one entry.`, from.id);
      }
    }
    const reachable = reachableFrom(entries.map((e) => e.id), next);
    for (const stage of active) {
      if (!reachable.has(stage.id)) add(stage, "unreachable", "isEntry", `${quoted(stage.name)} cannot be reached from an entry stage.`);
    }
  }

  const terminals = active.filter((s) => s.isTerminal);
  if (terminals.length === 0) {
    const last = active[active.length - 1]!;
    add(last, "no_terminal", "isTerminal", `No stage is terminal: mark where conversations end (for example ${quoted(last.name)}).`);
  } else {
    const canFinish = reachableFrom(terminals.map((t) => t.id), reversed(next));
    for (const stage of active) {
      if (!canFinish.has(stage.id)) add(stage, "dead_end", "nextStageIds", `${quoted(stage.name)} cannot reach a terminal stage.`);
    }
  }
  return problems;
}
