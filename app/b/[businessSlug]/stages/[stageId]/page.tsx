import Link from "next/link";
import { notFound } from "next/navigation";
import { PipelineProblems } from "@/components/stages/pipeline-problems";
import { StageActions } from "@/components/stages/stage-actions";
import { StageBadges } from "@/components/stages/stage-badges";
import { StageForm } from "@/components/stages/stage-form";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { getPipeline } from "@/lib/stages/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Stage" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function StagePage({ params }: { params: Promise<{ businessSlug: string; stageId: string }> }) {
  const { businessSlug, stageId } = await params;
  const { actor, business } = await businessPage(businessSlug);
  if (!UUID.test(stageId)) notFound();
  const { stages, problems } = await getPipeline(actor, business.id);
  const stage = stages.find((s) => s.id === stageId);
  if (!stage) notFound();
  const canEdit = can(business.role, "stages.write");
  const nameOf = (id: string) => stages.find((s) => s.id === id)?.name ?? "an unknown stage";
  const own = problems.filter((p) => p.stageId === stage.id);
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={`/b/${business.slug}/stages`} className="text-brand-600 hover:underline">
          ← All stages
        </Link>
      </p>
      <PageHeader title={stage.name} description={<StageBadges stage={stage} />} />
      <div className="space-y-6">
        {own.length > 0 && <PipelineProblems slug={business.slug} problems={own} />}
        {canEdit ? (
          <>
            <Card>
              <StageForm
                businessId={business.id}
                stage={stage}
                others={stages.filter((s) => s.id !== stage.id).map((s) => ({ id: s.id, name: s.name, archived: Boolean(s.archivedAt) }))}
              />
            </Card>
            <Card title="Duplicate, archive or delete" description="An archived stage stays in the list but leaves the pipeline; a stage in use cannot be deleted, only archived.">
              <StageActions businessId={business.id} stageId={stage.id} archived={Boolean(stage.archivedAt)} />
            </Card>
          </>
        ) : (
          <Card>
            <dl className="grid gap-4 text-sm sm:grid-cols-[12rem_1fr]">
              <dt className="font-medium text-slate-800">Key</dt>
              <dd><code>{stage.key}</code></dd>
              <dt className="font-medium text-slate-800">Goal</dt>
              <dd className="whitespace-pre-wrap">{stage.goal || "—"}</dd>
              <dt className="font-medium text-slate-800">Instructions</dt>
              <dd className="whitespace-pre-wrap">{stage.instructions || "—"}</dd>
              <dt className="font-medium text-slate-800">Exit criteria</dt>
              <dd className="whitespace-pre-wrap">{stage.exitCriteria || "—"}</dd>
              <dt className="font-medium text-slate-800">Next stages</dt>
              <dd>{stage.isTerminal ? "None: conversations end here." : stage.nextStageIds.length ? stage.nextStageIds.map(nameOf).join(", ") : "The next stage in order."}</dd>
              <dt className="font-medium text-slate-800">Fields to capture</dt>
              <dd>
                {stage.fields.length === 0
                  ? "None."
                  : stage.fields.map((f) => `${f.label} (${f.key}, ${f.type}${f.required ? ", required" : ""})`).join("; ")}
              </dd>
              <dt className="font-medium text-slate-800">Keyword rules</dt>
              <dd>
                {stage.keywordRules.length === 0
                  ? "None."
                  : stage.keywordRules.map((r) => `${r.match === "regex" ? "/" + r.pattern + "/" : r.pattern} → ${nameOf(r.nextStageId)}`).join("; ")}
              </dd>
            </dl>
          </Card>
        )}
      </div>
    </>
  );
}
