import { businessParams } from "@/lib/http/params";
import { json, route } from "@/lib/http/route";
import { listProviderCredentials } from "@/lib/providers/credentials";

export const GET = route({ params: businessParams }, async ({ actor, params }) => json({ data: await listProviderCredentials(actor, params.businessId) }));
