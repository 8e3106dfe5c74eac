import { z } from "zod";

export const stageKeySchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Enter a key.")
  .max(48, "Use at most 48 characters.")
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lowercase letters, digits and single hyphens.");

export const captureFieldTypes = ["text", "email", "phone", "number", "date", "choice"] as const;

const longText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters.`);

export const captureFieldSchema = z
  .strictObject({
    key: z
      .string()
      .trim()
      .min(1, "Enter a key.")
      .max(48, "Use at most 48 characters.")
      .regex(/^[a-z][a-z0-9_]*$/, "Start with a letter; use lowercase letters, digits and underscores."),
    label: z.string().trim().min(1, "Enter a label.").max(100, "Use at most 100 characters."),
    type: z.enum(captureFieldTypes, { error: "Choose text, email, phone, number, date or choice." }),
    required: z.boolean().default(false),
    options: z.array(z.string().trim().min(1, "An option cannot be empty.").max(100, "Use at most 100 characters.")).max(50).optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type === "choice" && (field.options ?? []).length === 0) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "A choice field needs at least one option." });
    }
    if (field.type !== "choice" && field.options !== undefined && field.options.length > 0) {
      ctx.addIssue({ code: "custom", path: ["options"], message: "Only a choice field has options." });
    }
  });

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "i");
    return true;
  } catch {
    return false;
  }
}

export const keywordRuleSchema = z
  .strictObject({
    match: z.enum(["keywords", "regex"], { error: "Choose keywords or regex." }),
    pattern: z.string().trim().min(1, "Enter the words or the pattern.").max(500, "Use at most 500 characters."),
    nextStageId: z.uuid("Choose the stage to move to."),
  })
  .superRefine((rule, ctx) => {
    if (rule.match === "regex" && !compiles(rule.pattern)) {
      ctx.addIssue({ code: "custom", path: ["pattern"], message: "This regular expression does not compile." });
    }
  });

const stageFields = {
  key: stageKeySchema,
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  goal: longText(2000),
  instructions: longText(8000),
  exitCriteria: longText(2000),
  fields: z.array(captureFieldSchema).max(50, "Use at most 50 fields."),
  /** Empty means "the next stage in order". */
  nextStageIds: z.array(z.uuid("Choose a stage.")).max(50),
  keywordRules: z.array(keywordRuleSchema).max(100, "Use at most 100 rules."),
  isEntry: z.boolean(),
  isTerminal: z.boolean(),
  requestsHuman: z.boolean(),
};

export const createStageInput = z.strictObject({
  key: stageFields.key,
  name: stageFields.name,
  goal: stageFields.goal.default(""),
  instructions: stageFields.instructions.default(""),
  exitCriteria: stageFields.exitCriteria.default(""),
  fields: stageFields.fields.default([]),
  nextStageIds: stageFields.nextStageIds.default([]),
  keywordRules: stageFields.keywordRules.default([]),
  isEntry: stageFields.isEntry.default(false),
  isTerminal: stageFields.isTerminal.default(false),
  requestsHuman: stageFields.requestsHuman.default(false),
});
export type CreateStageInput = z.infer<typeof createStageInput>;

export const updateStageInput = z.strictObject({
  ...z.object(stageFields).partial().shape,
  /** true archives the stage (kept, but out of the pipeline); false brings it back. */
  archived: z.boolean().optional(),
});
export type UpdateStageInput = z.infer<typeof updateStageInput>;

export const reorderStagesInput = z.strictObject({
  stageIds: z.array(z.uuid("Each entry must be a stage id.")).min(1, "List the stages in their new order.").max(500),
});
export type ReorderStagesInput = z.infer<typeof reorderStagesInput>;
