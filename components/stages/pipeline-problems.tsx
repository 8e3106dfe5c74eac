import Link from "next/link";
import type { StageProblem } from "@/lib/stages/service";

/** The pipeline's current problems, each linking to the stage to fix. */
export function PipelineProblems({ slug, problems }: { slug: string; problems: StageProblem[] }) {
  if (problems.length === 0) {
    return (
      <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
        The pipeline is complete: every stage is reachable from an entry stage and can reach a terminal stage.
      </p>
    );
  }
  return (
    <div role="alert" aria-labelledby="pipeline-problems-title" className="rounded-md bg-red-50 px-4 py-3 ring-1 ring-inset ring-red-200">
      <h2 id="pipeline-problems-title" className="text-sm font-semibold text-red-900">
        {problems.length === 1 ? "1 problem in the pipeline" : `${problems.length} problems in the pipeline`}
      </h2>
      <ul className="mt-2 list-inside list-disc space-y-1 text-sm text-red-800">
        {problems.map((problem) => (
          <li key={`${problem.code}-${problem.stageId}-${problem.field}-${problem.message}`}>
            {problem.stageId ? (
              <Link className="underline hover:no-underline" href={`/b/${slug}/stages/${problem.stageId}`}>
                {problem.message}
              </Link>
            ) : (
              problem.message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
