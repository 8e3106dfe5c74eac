import { v1Document } from "@/lib/http/api-catalogue";
import { publicUrl } from "@/lib/http/public-url";
import { json, route } from "@/lib/http/route";

/** The OpenAPI 3.1 document of REST v1, generated from the handlers' zod schemas. */
export const GET = route({ public: true }, async ({ request }) =>
  json(v1Document(new URL(publicUrl("/", new URL(request.url).origin)).origin)),
);
