/**
 * The variables a template may use, documented once: the save-time check, the preview's sample
 * data and the catalogue shown beside the editor are all derived from this tree.
 */

type Leaf = string | number | boolean | null;

export type VariableNode =
  | { kind: "value"; description: string; sample: Leaf }
  | { kind: "object"; description: string; children: Record<string, VariableNode> }
  /** A list of objects, iterated with `{% for %}`; `sample` is its preview value. */
  | { kind: "list"; description: string; item: Record<string, VariableNode>; sample: Record<string, unknown>[] }
  /** Free-form keys that depend on the business's data: any key is accepted, a missing one is empty. */
  | { kind: "map"; description: string; sample: Record<string, unknown> };

const value = (description: string, sample: Leaf): VariableNode => ({ kind: "value", description, sample });
const object = (description: string, children: Record<string, VariableNode>): VariableNode => ({ kind: "object", description, children });

/** What a render receives; the engine builds one per turn, the preview uses the samples below. */
export type TemplateContext = {
  business: { name: string; description: string; timezone: string };
  agent: { name: string; description: string };
  contact: { name: string | null; email: string | null; phone: string | null; attributes: Record<string, unknown> };
  conversation: { id: string; channel: string; startedAt: string };
  stage: {
    key: string;
    name: string;
    goal: string;
    instructions: string;
    exitCriteria: string;
    fields: { key: string; label: string; type: string; required: boolean }[];
  };
  captured: Record<string, unknown>;
};

export const variableCatalogue: Record<keyof TemplateContext, VariableNode> = {
  business: object("The business the conversation belongs to.", {
    name: value("The business's name.", "Acme Plumbing"),
    description: value("The profile text from the business settings.", "Family-run plumbers serving the city since 1998."),
    timezone: value("The business's IANA timezone.", "Europe/London"),
  }),
  agent: object("The AI agent speaking.", {
    name: value("The agent's name.", "Ava"),
    description: value("The agent's persona.", "A friendly assistant who books plumbing visits."),
  }),
  contact: object("The person the agent talks with.", {
    name: value("Their name, when known (empty otherwise).", "Sam Taylor"),
    email: value("Their email address, when known.", "sam@example.com"),
    phone: value("Their phone number, when known.", "+44 20 7946 0000"),
    attributes: {
      kind: "map",
      description: "Attributes your website passed for them, e.g. contact.attributes.plan; a missing one is empty.",
      sample: { plan: "premium", customerSince: "2021" },
    },
  }),
  conversation: object("The current conversation.", {
    id: value("The conversation's id.", "3f6c2a4e-8d1b-4c7a-9e2f-1a2b3c4d5e6f"),
    channel: value("Where it takes place: widget or api.", "widget"),
    startedAt: value("When it started (ISO 8601).", "2026-01-15T09:30:00.000Z"),
  }),
  stage: object("The stage the conversation is in.", {
    key: value("The stage's key.", "qualify"),
    name: value("The stage's name.", "Qualify"),
    goal: value("What the stage is for.", "Find out what the customer needs and where."),
    instructions: value("The stage's instructions for the agent.", "Ask about the problem, the address and a good time."),
    exitCriteria: value("When the stage is done.", "The problem and the address are known."),
    fields: {
      kind: "list",
      description: "The fields the stage captures; use {% for field in stage.fields %}.",
      item: {
        key: value("The field's key.", "email"),
        label: value("The field's label.", "Email"),
        type: value("text, email, phone, number, date or choice.", "email"),
        required: value("Whether the stage needs it.", true),
      },
      sample: [
        { key: "problem", label: "Problem", type: "text", required: true },
        { key: "postcode", label: "Postcode", type: "text", required: true },
      ],
    },
  }),
  captured: {
    kind: "map",
    description: "Values captured so far, by field key, e.g. captured.postcode. Any key is accepted; one not captured yet is empty.",
    sample: { problem: "Leaking tap in the kitchen", postcode: "N1 9GU" },
  },
};

function sampleOf(node: VariableNode): unknown {
  switch (node.kind) {
    case "value":
      return node.sample;
    case "object":
      return Object.fromEntries(Object.entries(node.children).map(([key, child]) => [key, sampleOf(child)]));
    case "list":
    case "map":
      return structuredClone(node.sample);
  }
}

/** The preview's data: every catalogued variable with its sample value. */
export function sampleContext(): TemplateContext {
  return sampleOf(object("", variableCatalogue)) as TemplateContext;
}

export type CatalogueEntry = { path: string; description: string; example: string };

/** The catalogue as a flat, documented list, for the editor and the docs. */
export function catalogueEntries(): CatalogueEntry[] {
  const entries: CatalogueEntry[] = [];
  const walk = (prefix: string, node: VariableNode) => {
    if (node.kind === "object") {
      for (const [key, child] of Object.entries(node.children)) walk(prefix ? `${prefix}.${key}` : key, child);
      return;
    }
    const example = node.kind === "value" ? String(node.sample) : node.kind === "list" ? `${node.sample.length} items` : Object.keys(node.sample).join(", ");
    entries.push({ path: node.kind === "map" ? `${prefix}.<key>` : prefix, description: node.description, example });
  };
  walk("", object("", variableCatalogue));
  return entries;
}

/** Liquid's own properties of strings and lists. */
const BUILT_IN_PROPERTIES = new Set(["size", "first", "last"]);

/** A variable's path as liquidjs's static analysis gives it; a nested array is a dynamic key (`captured[stage.key]`). */
export type VariablePath = Array<string | number | VariablePath>;

/** Whether a variable path names something in the catalogue (or inside a free-form map). */
export function isKnownVariable(path: VariablePath): boolean {
  let node: VariableNode = object("", variableCatalogue);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    switch (node.kind) {
      case "map":
        return true;
      case "value":
        // `.size`, `.first`, `.last` of a text value, and nothing beyond.
        return i === path.length - 1 && typeof segment === "string" && BUILT_IN_PROPERTIES.has(segment);
      case "list": {
        if (segment === "size") return i === path.length - 1;
        if (typeof segment === "string" && segment !== "first" && segment !== "last") return false;
        node = object(node.description, node.item);
        break;
      }
      case "object": {
        // A computed key cannot be checked before render; strict rendering reports it then.
        if (Array.isArray(segment)) return true;
        const child: VariableNode | undefined = Object.hasOwn(node.children, segment) ? node.children[segment] : undefined;
        if (!child) return false;
        node = child;
        break;
      }
    }
  }
  return true;
}
