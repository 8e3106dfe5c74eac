import { notFound } from "next/navigation";
import { kindOptions } from "@/components/templates/kinds";
import { TemplateEditor } from "@/components/templates/template-editor";
import { PageHeader } from "@/components/ui/card";
import { recentConversationChoices } from "@/lib/conversations/service";
import { businessPage } from "@/lib/http/business-page";
import { stageChoices } from "@/lib/templates/service";
import { catalogueEntries } from "@/lib/templates/variables";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "New template" };

export default async function NewTemplatePage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  if (!can(business.role, "templates.write")) notFound();
  return (
    <>
      <PageHeader title="New template" description="Write the text in Liquid; the preview shows it with sample data as you type." />
      <TemplateEditor businessId={business.id} kinds={kindOptions} stages={await stageChoices(actor, business.id)} catalogue={catalogueEntries()} conversations={await recentConversationChoices(actor, business.id)} readOnly={false} />
    </>
  );
}
