"use client";

import Link from "next/link";
import { useEffect, useState, useTransition, type DragEvent } from "react";
import { reorderStagesAction } from "@/app/actions/stages";
import { FormMessage } from "@/components/ui/field";
import { allowedNextStages } from "@/lib/stages/graph";
import type { StageProblem, StageView } from "@/lib/stages/service";
import { StageBadges } from "./stage-badges";

type Props = { businessId: string; slug: string; stages: StageView[]; problems: StageProblem[]; canEdit: boolean };

const moveButton =
  "rounded-md px-2 py-1 text-xs font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600 disabled:cursor-not-allowed disabled:opacity-40";

/**
 * The pipeline as an ordered lane, top to bottom, each card saying where it leads. Editors
 * reorder by dragging a card or with its Move up / Move down buttons; every move is saved at
 * once, announced, and undone on screen when the server refuses it.
 */
export function StageLane({ businessId, slug, stages, problems, canEdit }: Props) {
  const serverOrder = stages.map((s) => s.id).join(",");
  const [syncedWith, setSyncedWith] = useState(serverOrder);
  const [order, setOrder] = useState(() => stages.map((s) => s.id));
  // A new order from the server (after a save elsewhere) replaces the one on screen.
  if (syncedWith !== serverOrder) {
    setSyncedWith(serverOrder);
    setOrder(stages.map((s) => s.id));
  }
  const [announcement, setAnnouncement] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [dragging, setDragging] = useState<string | null>(null);
  const [focusAfterMove, setFocusAfterMove] = useState<{ id: string; direction: "up" | "down" } | null>(null);
  const [pending, startTransition] = useTransition();

  const byId = new Map(stages.map((s) => [s.id, s]));
  const ordered = order.map((id) => byId.get(id)).filter((s): s is StageView => Boolean(s));
  const next = allowedNextStages(ordered.map((s, position) => ({ ...s, position })));
  const problemCount = (id: string) => problems.filter((p) => p.stageId === id).length;

  useEffect(() => {
    if (!focusAfterMove) return;
    const { id, direction } = focusAfterMove;
    const other = direction === "up" ? "down" : "up";
    const button = document.getElementById(`move-${direction}-${id}`) as HTMLButtonElement | null;
    (button && !button.disabled ? button : document.getElementById(`move-${other}-${id}`))?.focus();
  }, [focusAfterMove, order]);

  function move(id: string, to: number, direction?: "up" | "down") {
    const from = order.indexOf(id);
    // One move at a time; the buttons stay enabled so that keyboard focus is not lost.
    if (pending || from < 0 || to < 0 || to >= order.length || from === to) return;
    const previous = order;
    const moved = [...order];
    moved.splice(from, 1);
    moved.splice(to, 0, id);
    const name = byId.get(id)?.name ?? "The stage";
    setOrder(moved);
    setError(null);
    if (direction) setFocusAfterMove({ id, direction });
    setAnnouncement(`Moved “${name}” to position ${to + 1} of ${moved.length}.`);
    startTransition(async () => {
      const form = new FormData();
      form.set("businessId", businessId);
      form.set("stageIds", moved.join(","));
      const result = await reorderStagesAction(null, form);
      if (!result.ok) {
        setOrder(previous);
        setError(result.message);
        setAnnouncement(`“${name}” was not moved. ${result.message}`);
      }
    });
  }

  const onDrop = (event: DragEvent, targetId: string) => {
    event.preventDefault();
    if (dragging) move(dragging, order.indexOf(targetId));
    setDragging(null);
  };

  return (
    <div>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      {error && (
        <div className="mb-4">
          <FormMessage message={error} />
        </div>
      )}
      {canEdit && stages.length > 1 && (
        <p className="mb-3 text-sm text-slate-600">Drag a stage to reorder it, or use its Move up and Move down buttons.</p>
      )}
      <ol aria-label="Pipeline stages" aria-busy={pending || undefined} className="space-y-0">
        {ordered.map((stage, index) => {
          const targets = (next.get(stage.id) ?? []).map((id) => byId.get(id)?.name ?? "?");
          const byDefault = !stage.isTerminal && stage.nextStageIds.length === 0 && targets.length > 0;
          const count = problemCount(stage.id);
          return (
            <li
              key={stage.id}
              id={`stage-${stage.id}`}
              draggable={canEdit}
              onDragStart={(event) => {
                event.dataTransfer.effectAllowed = "move";
                event.dataTransfer.setData("text/plain", stage.id);
                setDragging(stage.id);
              }}
              onDragEnd={() => setDragging(null)}
              onDragOver={(event) => canEdit && dragging && event.preventDefault()}
              onDrop={(event) => onDrop(event, stage.id)}
            >
              {index > 0 && (
                <div aria-hidden className="flex justify-center py-1 text-lg leading-none text-slate-400">
                  ↓
                </div>
              )}
              <article
                className={`rounded-lg bg-white p-4 shadow-sm ring-1 ${count > 0 ? "ring-red-300" : "ring-slate-200"} ${
                  stage.archivedAt ? "opacity-60" : ""
                } ${dragging === stage.id ? "ring-2 ring-brand-600" : ""} ${canEdit ? "cursor-grab" : ""}`}
              >
                <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                  <div className="min-w-0">
                    <div className="flex flex-wrap items-center gap-2">
                      <span className="inline-flex h-6 w-6 items-center justify-center rounded-full bg-slate-100 text-xs font-semibold text-slate-700">{index + 1}</span>
                      <h3 className="text-base font-semibold text-slate-900">
                        <Link href={`/b/${slug}/stages/${stage.id}`} className="hover:underline">
                          {stage.name}
                        </Link>
                      </h3>
                      <code className="rounded bg-slate-100 px-1 text-xs text-slate-600">{stage.key}</code>
                      <StageBadges stage={stage} />
                      {count > 0 && (
                        <span className="rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium text-red-700 ring-1 ring-inset ring-red-200">
                          {count === 1 ? "1 problem" : `${count} problems`}
                        </span>
                      )}
                    </div>
                    {stage.goal && <p className="mt-2 text-sm text-slate-700">{stage.goal}</p>}
                    <p className="mt-2 text-xs text-slate-600">
                      {stage.fields.length === 1 ? "1 field" : `${stage.fields.length} fields`} to capture
                      {stage.keywordRules.length > 0 && ` · ${stage.keywordRules.length === 1 ? "1 keyword rule" : `${stage.keywordRules.length} keyword rules`}`}
                    </p>
                    {!stage.archivedAt && (
                      <p className="mt-1 text-sm text-slate-700">
                        {stage.isTerminal ? (
                          "Conversations end here."
                        ) : targets.length === 0 ? (
                          <span className="text-red-700">Leads nowhere.</span>
                        ) : (
                          <>
                            <span aria-hidden>→ </span>
                            <span className="sr-only">Next: </span>
                            {targets.join(", ")}
                            {byDefault && <span className="text-slate-500"> (next in order)</span>}
                          </>
                        )}
                      </p>
                    )}
                  </div>
                  {canEdit && (
                    <div className="flex shrink-0 gap-2" role="group" aria-label={`Move “${stage.name}”`}>
                      <button
                        type="button"
                        id={`move-up-${stage.id}`}
                        className={moveButton}
                        disabled={index === 0}
                        aria-label={`Move “${stage.name}” up`}
                        onClick={() => move(stage.id, index - 1, "up")}
                      >
                        ↑ Move up
                      </button>
                      <button
                        type="button"
                        id={`move-down-${stage.id}`}
                        className={moveButton}
                        disabled={index === ordered.length - 1}
                        aria-label={`Move “${stage.name}” down`}
                        onClick={() => move(stage.id, index + 1, "down")}
                      >
                        ↓ Move down
                      </button>
                    </div>
                  )}
                </div>
              </article>
            </li>
          );
        })}
      </ol>
    </div>
  );
}
