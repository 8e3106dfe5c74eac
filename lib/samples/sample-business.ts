import { eq } from "drizzle-orm";
import { getDb, type DbOrTx } from "@/db";
import { agent, stage, template, templateVersion, type CaptureField, type KeywordRule, type TemplateKind } from "@/db/schema";
import { actorUserId, type Actor } from "@/lib/auth/actor";
import { createBusiness, type BusinessView } from "@/lib/businesses/service";

type SampleStage = {
  key: string;
  name: string;
  goal: string;
  instructions: string;
  exitCriteria: string;
  fields: CaptureField[];
  /** Keyword rules as (keywords, key of the next stage). */
  rules?: [string, string][];
  isEntry?: boolean;
  isTerminal?: boolean;
  reply: string;
};

/** A bike shop's sales pipeline: realistic enough to show stages, captures, rules and handoff. */
const stages: SampleStage[] = [
  {
    key: "welcome",
    name: "Welcome",
    goal: "Greet the visitor and find out whether they are shopping for a bike.",
    instructions: "Be warm and brief. If they ask about repairs or anything else, offer a person from the shop.",
    exitCriteria: "The visitor wants help choosing or buying a bike.",
    fields: [],
    rules: [["bike, buy, buying, price, prices, quote, shopping, looking, yes", "qualify"]],
    isEntry: true,
    reply: "I can help you choose a bike and book a test ride. Are you shopping for one?",
  },
  {
    key: "qualify",
    name: "Qualify",
    goal: "Learn the visitor's name and email so the shop can follow up.",
    instructions: "Ask for one thing at a time. Never ask for anything else personal.",
    exitCriteria: "Name and email are captured.",
    fields: [
      { key: "name", label: "Name", type: "text", required: true },
      { key: "email", label: "Email", type: "email", required: true },
      { key: "budget", label: "Budget (USD)", type: "number", required: false },
    ],
    reply: "{% unless captured.name %}Great! What's your name?{% else %}Thanks, {{ captured.name }}! What's the best email to send you the options?{% endunless %}",
  },
  {
    key: "offer",
    name: "Offer",
    goal: "Help the visitor pick one of the three bike lines.",
    instructions: "City bikes are for commuting, Trail bikes for off-road, Cargo bikes carry kids and shopping.",
    exitCriteria: "The visitor picked a line.",
    fields: [{ key: "line", label: "Bike line", type: "choice", required: true, options: ["City", "Trail", "Cargo"] }],
    reply: "{{ captured.name }}, we have three lines: City for commuting, Trail for off-road and Cargo for kids and groceries. Which sounds right?",
  },
  {
    key: "booked",
    name: "Test ride booked",
    goal: "Confirm the next step and say goodbye.",
    instructions: "Confirm the bike line and that the shop will email to book a test ride.",
    exitCriteria: "The visitor has nothing else to ask.",
    fields: [],
    isTerminal: true,
    reply: "You're all set, {{ captured.name }}! We'll email {{ captured.email }} today to book a test ride of a {{ captured.line }} bike.",
  },
];

const templates: { kind: TemplateKind; name: string; body: string }[] = [
  {
    kind: "system",
    name: "Persona",
    body: "You are {{ agent.name }}, the friendly assistant of {{ business.name }}, a bike shop. {{ business.description }}\nAnswer in two or three short sentences. Never invent prices or stock.",
  },
  { kind: "greeting", name: "Greeting", body: "Hi! I'm {{ agent.name }} from {{ business.name }}. What brings you here today?" },
  { kind: "fallback", name: "Fallback", body: "Sorry, I can't answer that right now. Someone from {{ business.name }} will reply here shortly." },
  { kind: "handoff", name: "Handoff", body: "I'm bringing in a member of the {{ business.name }} team. They'll reply right here." },
];

/** Adds the sample pipeline, templates and a `scripted` agent to a business. */
export async function seedSample(db: DbOrTx, businessId: string, savedBy: string | null): Promise<void> {
  const stageRows = await db
    .insert(stage)
    .values(
      stages.map((s, position) => ({
        businessId,
        key: s.key,
        name: s.name,
        goal: s.goal,
        instructions: s.instructions,
        exitCriteria: s.exitCriteria,
        fields: s.fields,
        isEntry: s.isEntry ?? false,
        isTerminal: s.isTerminal ?? false,
        position,
      })),
    )
    .returning();
  const idOf = (key: string) => stageRows.find((r) => r.key === key)!.id;
  for (const s of stages) {
    if (!s.rules) continue;
    const keywordRules: KeywordRule[] = s.rules.map(([pattern, next]) => ({ match: "keywords", pattern, nextStageId: idOf(next) }));
    await db.update(stage).set({ keywordRules }).where(eq(stage.id, idOf(s.key)));
  }
  const all = [
    ...templates.map((t) => ({ ...t, stageId: null as string | null })),
    ...stages.map((s) => ({ kind: "reply" as const, name: `${s.name} reply`, body: s.reply, stageId: idOf(s.key) })),
  ];
  const templateRows = await db.insert(template).values(all.map((t) => ({ businessId, ...t }))).returning();
  await db.insert(templateVersion).values(templateRows.map((t) => ({ templateId: t.id, businessId, version: 1, name: t.name, body: t.body, savedBy })));
  const kindId = (kind: TemplateKind) => templateRows.find((t) => t.kind === kind)!.id;
  await db.insert(agent).values({
    businessId,
    name: "Maya",
    description: "Helps visitors choose a bike and book a test ride.",
    provider: "scripted",
    model: "scripted",
    systemTemplateId: kindId("system"),
    greetingTemplateId: kindId("greeting"),
    fallbackTemplateId: kindId("fallback"),
    handoffTemplateId: kindId("handoff"),
    entryStageId: idOf("welcome"),
    handoffRules: { keywords: ["human", "person", "agent", "complaint", "repair"], maxAiTurns: 20, onProviderError: "handoff" },
  });
}

/** "Load a sample business": a new business, owned by the caller, with a working offline agent. */
export async function createSampleBusiness(actor: Actor, outer?: DbOrTx): Promise<BusinessView> {
  const run = async (tx: DbOrTx) => {
    const created = await createBusiness(
      actor,
      { name: "Acme Bikes (sample)", description: "Acme Bikes sells city, trail and cargo bikes in Portland and offers free test rides." },
      tx,
    );
    await seedSample(tx, created.id, actorUserId(actor));
    return created;
  };
  return outer ? run(outer) : (await getDb()).transaction(run);
}
