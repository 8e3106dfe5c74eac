import { ArchiveBusinessForm, BusinessSettingsForm } from "@/components/businesses/business-forms";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { can } from "@/lib/tenancy/permissions";

export const metadata = { title: "Settings" };

export default async function SettingsPage({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { business } = await businessPage(businessSlug);
  const canEdit = can(business.role, "business.update");
  return (
    <>
      <PageHeader title="Settings" description="The business's profile, address and defaults." />
      <div className="space-y-6">
        <Card title="Profile">
          {canEdit ? (
            <BusinessSettingsForm business={business} />
          ) : (
            <dl className="grid gap-3 text-sm sm:grid-cols-2">
              {[
                ["Name", business.name],
                ["Address", `/b/${business.slug}`],
                ["Profile", business.description || "—"],
                ["Time zone", business.timezone],
                ["Language", business.locale],
              ].map(([label, value]) => (
                <div key={label}>
                  <dt className="font-medium text-slate-600">{label}</dt>
                  <dd className="text-slate-900">{value}</dd>
                </div>
              ))}
            </dl>
          )}
        </Card>
        {can(business.role, "business.archive") && !business.archivedAt && (
          <Card title="Archive business" description="Hides the business from every member's list. Its data is kept, and an owner can restore it from its pages.">
            <ArchiveBusinessForm businessId={business.id} />
          </Card>
        )}
      </div>
    </>
  );
}
