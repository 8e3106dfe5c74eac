import Link from "next/link";
import { kindOptions } from "@/components/templates/kinds";
import { DeleteTemplateForm } from "@/components/templates/template-forms";
import { TemplateEditor } from "@/components/templates/template-editor";
import { Card, PageHeader } from "@/components/ui/card";
import { recentConversationChoices } from "@/lib/conversations/service";
import { businessPage } from "@/lib/http/business-page";
import { orNotFound } from "@/lib/http/page-session";
import { getTemplate, stageChoices } from "@/lib/templates/service";
import { catalogueEntries } from "@/lib/templates/variables";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Template" };

export default async function TemplatePage({ params }: { params: Promise<{ businessSlug: string; templateId: string }> }) {
  const { businessSlug, templateId } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const template = await orNotFound(getTemplate(actor, business.id, templateId));
  const canWrite = can(business.role, "templates.write");
  const { agents, stage } = template.usedBy;
  return (
    <>
      <PageHeader
        title={template.name}
        description={
          <>
            Version {template.version} ·{" "}
            <Link href={`/b/${business.slug}/templates/${template.id}/history`} className="font-medium text-brand-700 hover:underline">
              History and diffs
            </Link>
            {!canWrite && " · Read-only: your role can view templates but not change them."}
          </>
        }
      />
      <div className="space-y-6">
        <TemplateEditor
          businessId={business.id}
          template={template}
          kinds={kindOptions}
          stages={await stageChoices(actor, business.id)}
          catalogue={catalogueEntries()}
          conversations={await recentConversationChoices(actor, business.id)}
          readOnly={!canWrite}
        />
        <Card title="Used by">
          {agents.length === 0 && !stage ? (
            <p className="text-sm text-slate-600">No agent or stage uses this template yet.</p>
          ) : (
            <ul className="list-inside list-disc text-sm text-slate-700" aria-label="Used by">
              {agents.map((a) => (
                <li key={a.id}>
                  Agent <span className="font-medium">{a.name}</span> as its {a.as.join(" and ")} template
                </li>
              ))}
              {stage && (
                <li>
                  Stage <span className="font-medium">{stage.name}</span>
                </li>
              )}
            </ul>
          )}
        </Card>
        {canWrite && (
          <Card title="Delete" description={agents.length > 0 ? "An agent uses this template: choose another template for it before deleting this one." : "Deletes the template and all its versions."}>
            <DeleteTemplateForm businessId={business.id} templateId={template.id} />
          </Card>
        )}
      </div>
    </>
  );
}
