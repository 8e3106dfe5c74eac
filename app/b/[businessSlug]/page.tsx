import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { businessPage } from "@/lib/http/business-page";
import { listMembers } from "@/lib/members/service";

export default async function BusinessOverview({ params }: { params: Promise<{ businessSlug: string }> }) {
  const { businessSlug } = await params;
  const { actor, business } = await businessPage(businessSlug);
  const members = await listMembers(actor, business.id, { limit: 100 });
  return (
    <>
      <PageHeader title={business.name} description={business.description || "Your business on Parley."} />
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Your role">
          <p className="text-2xl font-semibold capitalize">{business.role}</p>
        </Card>
        <Card title="Team">
          <p className="text-2xl font-semibold">
            {members.data.length}
            {members.nextCursor ? "+" : ""} {members.data.length === 1 ? "member" : "members"}
          </p>
          <Link href={`/b/${business.slug}/members`} className="mt-2 inline-block text-sm font-medium text-brand-600 hover:underline">
            Manage members
          </Link>
        </Card>
      </div>
    </>
  );
}
