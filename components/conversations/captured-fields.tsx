/** What a conversation has captured so far, field by field (playground and console). */
export function CapturedFields({ captured, className = "mt-1" }: { captured: Record<string, string | number>; className?: string }) {
  const entries = Object.entries(captured);
  if (entries.length === 0) return <p className="mt-1 text-slate-500">Nothing captured yet.</p>;
  return (
    <dl aria-label="Captured fields" className={`${className} grid grid-cols-[auto_1fr] gap-x-3 gap-y-1`}>
      {entries.map(([key, value]) => (
        <div key={key} className="contents">
          <dt className="font-mono text-xs text-slate-500">{key}</dt>
          <dd className="text-slate-900">{String(value)}</dd>
        </div>
      ))}
    </dl>
  );
}
