import type { TimelineEntry } from "@/lib/conversations/timeline";

const who = (entry: TimelineEntry) => (entry.actor === "staff" ? (entry.by?.name ?? "staff") : entry.actor === "ai" ? "the AI" : "a rule");

/** The stages a conversation went through, oldest first, with who moved it and why. */
export function StageTimeline({ entries }: { entries: TimelineEntry[] }) {
  return (
    <section className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
      <h2 className="font-semibold text-slate-900">Stage timeline</h2>
      {entries.length === 0 ? (
        <p className="mt-1 text-slate-500">No stage yet.</p>
      ) : (
        <ol aria-label="Stage timeline" className="mt-2 space-y-2 border-l-2 border-brand-100 pl-3">
          {entries.map((e) => (
            <li key={e.id}>
              <p className="font-medium text-slate-900">{e.to?.name ?? "—"}</p>
              <p className="text-xs text-slate-600">
                {e.from ? `from ${e.from.name}, ` : ""}by {who(e)} · <time dateTime={e.createdAt.toISOString()}>{e.createdAt.toISOString().replace("T", " ").slice(0, 16)} UTC</time>
              </p>
              {e.reason && <p className="text-xs text-slate-500">{e.reason}</p>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
