import { redirect } from "next/navigation";
import { needsSetup } from "@/lib/auth/accounts";
import { listBusinesses } from "@/lib/businesses/service";
import { requireUser } from "@/lib/http/page-session";

/** The front door: first run → setup, signed out → sign in, else the user's first business. */
export default async function Home() {
  if (await needsSetup()) redirect("/setup");
  const { actor } = await requireUser("/");
  const { data } = await listBusinesses(actor, { limit: 1 });
  redirect(data[0] ? `/b/${data[0].slug}` : "/businesses/new");
}
