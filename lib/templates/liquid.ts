import { Drop, Liquid, LiquidError, type Template } from "liquidjs";
import { ValidationError } from "@/lib/errors";
import { isKnownVariable, sampleContext, variableCatalogue, type TemplateContext, type VariableNode, type VariablePath } from "./variables";

/** A problem in a template body, located 1-based like an editor shows it. */
export type TemplateProblem = { line: number; column: number; message: string };

/** Longest body a template may have; the zod schemas and the parser share it. */
export const MAX_TEMPLATE_LENGTH = 20_000;

/**
 * The one Liquid engine. Prompts are plain text, so output is not HTML-escaped. Strict variables
 * and filters turn typos into errors instead of silently empty prompts, and the limits keep a
 * template from looping or allocating without end (the engine renders on every AI turn).
 */
const engine = new Liquid({
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  parseLimit: MAX_TEMPLATE_LENGTH * 2,
  renderLimit: 1_000,
  memoryLimit: 10_000_000,
  // No file system: templates live in the database and must not read files of the server.
  templates: {},
});

// Partials would reach beyond the catalogue (and the file system); refuse them at parse time.
for (const tag of ["include", "render", "layout"]) {
  engine.registerTag(tag, {
    parse() {
      throw new Error(`the “${tag}” tag is not available in Parley templates`);
    },
    render() {
      return "";
    },
  });
}

const LOCATION_SUFFIX = /, (line|file):.*$/s;

/** liquidjs's message, without its own location suffix, in the catalogue's words. */
function describe(error: LiquidError): string {
  const message = (error.originalError?.message ?? error.message).replace(LOCATION_SUFFIX, "");
  return message
    .replace(/^undefined variable: (.+)$/, "unknown variable “$1”")
    .replace(/^undefined filter: (.+)$/, "unknown filter “$1”");
}

function problemOf(error: unknown): TemplateProblem {
  if (error instanceof LiquidError) {
    const [line = 1, column = 1] = error.token.getPosition();
    return { line, column, message: describe(error) };
  }
  throw error;
}

function parse(body: string): Template[] | TemplateProblem {
  try {
    return engine.parse(body);
  } catch (error) {
    return problemOf(error);
  }
}

/** Syntax errors and variables outside the catalogue, in the order they appear. */
export function findTemplateProblems(body: string): TemplateProblem[] {
  const parsed = parse(body);
  if (!Array.isArray(parsed)) return [parsed];
  const { globals } = engine.analyzeSync(parsed, { partials: false });
  return Object.values(globals)
    .flat()
    .filter((variable) => !isKnownVariable(variable.toArray() as VariablePath))
    .map((variable) => ({ line: variable.location.row, column: variable.location.col, message: `unknown variable “${variable.toString()}”` }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}

/** "Line 3, column 12: unknown variable “contact.nmae”". */
export const formatProblem = (problem: TemplateProblem) => `Line ${problem.line}, column ${problem.column}: ${problem.message}`;

function problemsError(problems: TemplateProblem[], path: string): ValidationError {
  const errors = problems.map((problem) => ({ path, message: formatProblem(problem), line: problem.line, column: problem.column }));
  return new ValidationError(errors, errors[0]?.message);
}

/** Throws a ValidationError on `path` that locates each problem by line and column. */
export function assertValidTemplate(body: string, path = "body"): void {
  const problems = findTemplateProblems(body);
  if (problems.length > 0) throw problemsError(problems, path);
}

/** Keys of a free-form map that were not given read as empty rather than failing the render. */
class OpenMap extends Drop {
  constructor(values: Record<string, unknown>) {
    super();
    for (const [key, value] of Object.entries(values)) Object.defineProperty(this, key, { value: openNested(value), enumerable: true });
  }
  override liquidMethodMissing(): null {
    return null;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype;

function openNested(value: unknown): unknown {
  return isPlainObject(value) ? new OpenMap(value) : value;
}

/** The render scope: free-form maps (captured, contact.attributes) become lenient, the rest stays strict. */
function toScope(data: unknown, node: VariableNode): unknown {
  if (node.kind === "map") return new OpenMap(isPlainObject(data) ? data : {});
  if (node.kind !== "object" || !isPlainObject(data)) return data;
  return Object.fromEntries(Object.entries(data).map(([key, child]) => [key, Object.hasOwn(node.children, key) ? toScope(child, node.children[key]!) : child]));
}

// The engine renders the same few templates on every turn: each body is checked and parsed once.
const VALID_CACHE_SIZE = 1_000;
const validParsed = new Map<string, Template[]>();

function parsedValid(body: string, path: string): Template[] {
  const cached = validParsed.get(body);
  if (cached) return cached;
  assertValidTemplate(body, path);
  const parsed = engine.parse(body);
  if (validParsed.size >= VALID_CACHE_SIZE) validParsed.delete(validParsed.keys().next().value!);
  validParsed.set(body, parsed);
  return parsed;
}

/** Renders a body against a context; a problem becomes a ValidationError on `path` with line and column. */
export async function renderTemplate(body: string, context: TemplateContext, path = "body"): Promise<string> {
  const parsed = parsedValid(body, path);
  const scope = toScope(context, { kind: "object", description: "", children: variableCatalogue }) as object;
  try {
    return String(await engine.render(parsed, scope));
  } catch (error) {
    throw problemsError([problemOf(error)], path);
  }
}

/** Deep-merges plain objects; anything else in `override` replaces what it overrides. */
function merge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    // JSON may carry an own "__proto__" key; assigning it would swap the object's prototype.
    if (key === "__proto__") continue;
    merged[key] = Object.hasOwn(base, key) ? merge(base[key], value) : value;
  }
  return merged;
}

/** Renders with the catalogue's sample data, overridden by each layer of `variables` in turn. */
export function previewTemplate(body: string, ...variables: Record<string, unknown>[]): Promise<string> {
  return renderWith(body, sampleContext(), ...variables);
}

/** Renders with a given context, overridden where `variables` say. */
export function renderWith(body: string, context: TemplateContext, ...variables: Record<string, unknown>[]): Promise<string> {
  return renderTemplate(body, variables.reduce<unknown>(merge, context) as TemplateContext);
}
