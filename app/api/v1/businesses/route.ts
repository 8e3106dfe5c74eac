import { listBusinessesQuery } from "@/lib/businesses/api-docs";
import { createBusinessInput } from "@/lib/businesses/schemas";
import { createBusiness, listBusinesses } from "@/lib/businesses/service";
import { created, json, route } from "@/lib/http/route";

export const GET = route({ query: listBusinessesQuery }, async ({ actor, query }) => json(await listBusinesses(actor, query)));

export const POST = route({ body: createBusinessInput }, async ({ actor, body }) => created(await createBusiness(actor, body)));
