import type { DiffLine } from "@/lib/templates/diff";

const styles = {
  "+": "bg-emerald-50 text-emerald-900",
  "-": "bg-red-50 text-red-900",
  " ": "text-slate-700",
} as const;

const spoken = { "+": "Added: ", "-": "Removed: ", " ": "" } as const;

/** A line diff; each line carries a visible +/− mark, <ins>/<del> and spoken words, so colour is never the only cue. */
export function VersionDiff({ from, to, lines }: { from: number; to: number; lines: DiffLine[] }) {
  return (
    <figure className="mt-4">
      <figcaption className="mb-2 text-sm text-slate-600">
        Changes from version {from} to version {to}: <span className="text-red-800">− removed</span>, <span className="text-emerald-800">+ added</span>.
      </figcaption>
      <div className="overflow-x-auto rounded-md ring-1 ring-slate-200" data-testid="version-diff">
        {lines.map((line, index) => {
          const Tag = line.op === "+" ? "ins" : line.op === "-" ? "del" : "span";
          return (
            <Tag key={index} className={`block whitespace-pre px-2 font-mono text-xs leading-6 no-underline ${styles[line.op]}`}>
              <span aria-hidden="true" className="inline-block w-5 select-none text-center">
                {line.op}
              </span>
              <span className="sr-only">{spoken[line.op]}</span>
              {line.text || " "}
            </Tag>
          );
        })}
      </div>
    </figure>
  );
}
