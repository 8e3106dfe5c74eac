import { CreateBusinessForm, LoadSampleBusinessForm } from "@/components/businesses/business-forms";
import { Logo } from "@/components/shell/logo";
import { requireUser } from "@/lib/http/page-session";

export const metadata = { title: "New business" };

export default async function NewBusinessPage() {
  await requireUser("/businesses/new");
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <Logo className="mb-8" />
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="mb-6 text-xl font-semibold">Create a business</h1>
        <CreateBusinessForm />
        <div className="mt-6 border-t border-slate-100 pt-6">
          <h2 className="text-sm font-semibold text-slate-900">Or try Parley with a sample</h2>
          <p className="mb-3 mt-1 text-sm text-slate-600">Acme Bikes: a four-stage sales pipeline, its templates and an agent that runs offline, with no API key.</p>
          <LoadSampleBusinessForm />
        </div>
      </div>
    </main>
  );
}
