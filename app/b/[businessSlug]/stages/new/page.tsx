import { notFound } from "next/navigation";
import { StageForm } from "@/components/stages/stage-form";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { getPipeline } from "@/lib/stages/service";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "New stage" };

export default async function NewStagePage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  if (!can(business.role, "stages.write")) notFound();
  const { stages } = await getPipeline(actor, business.id);
  return (
    <>
      <PageHeader
        title="New stage"
        description="A non-terminal stage is placed before the first terminal stage, so the default flow (each stage to the next in order) runs through it."
      />
      <Card>
        <StageForm businessId={business.id} others={stages.map((s) => ({ id: s.id, name: s.name, archived: Boolean(s.archivedAt) }))} />
      </Card>
    </>
  );
}
