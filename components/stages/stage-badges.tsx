import type { StageView } from "@/lib/stages/service";

const badge = "rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** Entry, terminal, human handoff and archived, as small labels. */
export function StageBadges({ stage }: { stage: Pick<StageView, "isEntry" | "isTerminal" | "requestsHuman" | "archivedAt"> }) {
  return (
    <>
      {stage.isEntry && <span className={`${badge} bg-emerald-50 text-emerald-800 ring-emerald-200`}>Entry</span>}
      {stage.isTerminal && <span className={`${badge} bg-slate-800 text-white ring-slate-800`}>Terminal</span>}
      {stage.requestsHuman && <span className={`${badge} bg-amber-50 text-amber-900 ring-amber-200`}>Human handoff</span>}
      {stage.archivedAt && <span className={`${badge} bg-slate-100 text-slate-700 ring-slate-300`}>Archived</span>}
    </>
  );
}
