import Link from "next/link";
import { PipelineProblems } from "@/components/stages/pipeline-problems";
import { StageLane } from "@/components/stages/stage-lane";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { getPipeline } from "@/lib/stages/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Stages" };

export default async function StagesPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const { stages, problems } = await getPipeline(actor, business.id);
  const canEdit = can(business.role, "stages.write");
  return (
    <>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <PageHeader title="Stages" description="The pipeline your agents walk each conversation through, from the entry stage to a terminal one." />
        {canEdit && (
          <Link
            href={`/b/${business.slug}/stages/new`}
            className="rounded-md bg-brand-600 px-3.5 py-2 text-sm font-semibold text-white shadow-sm hover:bg-brand-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
          >
            New stage
          </Link>
        )}
      </div>
      {stages.length === 0 ? (
        <Card>
          <p className="text-sm text-slate-600">
            No stages yet. {canEdit ? "Start with the entry stage, where every conversation begins, then add the stages that follow and a terminal stage where conversations end." : "An admin has not set up the pipeline yet."}
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <PipelineProblems slug={business.slug} problems={problems} />
          <StageLane businessId={business.id} slug={business.slug} stages={stages} problems={problems} canEdit={canEdit} />
        </div>
      )}
    </>
  );
}
