import { redirect } from "next/navigation";
import { SetupForm } from "@/components/auth/auth-forms";
import { needsSetup } from "@/lib/auth/accounts";

export const metadata = { title: "Set up Parley" };

export default async function SetupPage() {
  if (!(await needsSetup())) redirect("/login");
  return (
    <>
      <h1 className="text-xl font-semibold">Welcome to Parley</h1>
      <p className="mb-6 mt-1 text-sm text-slate-600">
        Create the owner account and your first business. You can invite your team next.
      </p>
      <SetupForm />
    </>
  );
}
