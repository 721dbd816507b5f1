import type { FastifyRequest } from "fastify";
import { ValidationError, type FieldError } from "../../domain/errors.js";

/** The part of a request a route's schema checks. */
export type RequestPart = "body" | "querystring" | "params" | "headers";

/** One schema failure as Ajv reports it: only what the messages below read. */
interface SchemaFailure {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
}

/**
 * A request refused by its route's schema: a field the form does not have, a value of the
 * wrong type or size, a field sent twice. Carries each field at fault, so the page (or the
 * JSON answer) says which one. Nothing behind the route ran, so nothing was changed.
 */
export class RefusedRequest extends ValidationError {
  constructor(
    readonly part: RequestPart,
    errors: readonly FieldError[],
  ) {
    super(errors);
    this.name = "RefusedRequest";
  }
}

/**
 * Fastify's `schemaErrorFormatter`: turns a schema failure into a RefusedRequest that names
 * the field at fault, in words a person can act on.
 */
export function formatSchemaError(failures: readonly SchemaFailure[], part: string): Error {
  const where = (["body", "querystring", "params", "headers"].includes(part) ? part : "body") as RequestPart;
  const byField = new Map<string, SchemaFailure[]>();
  for (const failure of failures) {
    const field = fieldOf(failure);
    byField.set(field, [...(byField.get(field) ?? []), failure]);
  }
  const errors: FieldError[] = [...byField].map(([field, list]) => ({ field, code: codeOf(list), message: sentence(where, field, list) }));
  return new RefusedRequest(where, errors.length > 0 ? errors : [{ field: "", code: "invalid", message: "What was sent could not be read." }]);
}

/**
 * The refusal of a field a form does not have, for a route that reads its fields itself (a
 * multipart upload reads them from its stream, where no schema sees them).
 */
export function unknownFieldRefusal(field: string): RefusedRequest {
  const failure: SchemaFailure = { keyword: "additionalProperties", instancePath: "", params: { additionalProperty: field } };
  return new RefusedRequest("body", [{ field, code: "unknown-field", message: sentence("body", field, [failure]) }]);
}

/** The field a failure is about: the first step of its path, or the property it names. */
function fieldOf(failure: SchemaFailure): string {
  const named = failure.params.additionalProperty ?? failure.params.missingProperty;
  if (typeof named === "string") return named;
  const first = failure.instancePath.split("/")[1] ?? "";
  return first.replace(/~1/g, "/").replace(/~0/g, "~");
}

function codeOf(failures: readonly SchemaFailure[]): string {
  const keywords = failures.map((f) => f.keyword);
  if (keywords.includes("additionalProperties")) return "unknown-field";
  if (keywords.includes("required")) return "required";
  if (keywords.includes("maxLength") || keywords.includes("maxItems")) return "too-long";
  if (keywords.includes("const") || keywords.includes("enum") || keywords.includes("anyOf")) return "not-a-choice";
  return "invalid";
}

/** Field names are shown as sent, trimmed so a hostile name cannot fill the page. */
const quoted = (name: string) => `“${name.length > 60 ? `${name.slice(0, 60)}…` : name}”`;

function sentence(part: RequestPart, field: string, failures: readonly SchemaFailure[]): string {
  const noun = { body: "field", querystring: "query parameter", params: "part of the address", headers: "header" }[part];
  const thing = field ? `The ${noun} ${quoted(field)}` : part === "querystring" ? "The query" : "What was sent";
  const afterwards = part === "body" ? " Nothing was saved." : "";
  const choices = failures.flatMap((f) => (f.keyword === "const" ? [f.params.allowedValue] : f.keyword === "enum" ? [f.params.allowedValues].flat() : []));
  if (choices.length > 0) return `${thing} must be one of: ${choices.map(String).join(", ")}.${afterwards}`;
  const failure = failures.find((f) => f.keyword !== "anyOf") ?? failures[0]!;
  const limit = failure.params.limit;
  switch (failure.keyword) {
    case "additionalProperties":
      return part === "querystring" ? `This page takes no query parameter ${quoted(field)}.` : `This form has no field ${quoted(field)}, so it was refused.${afterwards}`;
    case "required":
      return `${thing} is missing.${afterwards}`;
    case "type": {
      const type = String(failure.params.type);
      if (!field) return `${thing} is not a form.${afterwards}`;
      if (type.includes("string")) return `${thing} must be text, sent once.${afterwards}`;
      if (type.includes("integer") || type.includes("number")) return `${thing} must be a whole number.${afterwards}`;
      return `${thing} has the wrong type.${afterwards}`;
    }
    case "maxLength":
      return `${thing} is too long: at most ${String(limit)} characters.${afterwards}`;
    case "minLength":
      return limit === 1 ? `${thing} is empty.${afterwards}` : `${thing} is too short: at least ${String(limit)} characters.${afterwards}`;
    case "maximum":
      return `${thing} must be at most ${String(limit)}.${afterwards}`;
    case "minimum":
      return `${thing} must be at least ${String(limit)}.${afterwards}`;
    case "maxItems":
      return `${thing} was sent more than ${String(limit)} times.${afterwards}`;
    case "pattern":
    case "format":
      return `${thing} is not in the form this page expects.${afterwards}`;
    default:
      return `${thing} is not valid.${afterwards}`;
  }
}

/** A script (an /api/ client, or one that asks for JSON and not a page) gets JSON, not a page. */
export function wantsJsonAnswer(request: FastifyRequest): boolean {
  if (request.url.startsWith("/api/")) return true;
  const accept = request.headers.accept ?? "";
  return /\bapplication\/json\b/.test(accept) && !/\btext\/html\b/.test(accept);
}

/** The JSON answer to a refused request: the sentence, and each field at fault. */
export function refusalJson(error: RefusedRequest): { error: string; code: string; fields: { field: string; code: string; message: string }[] } {
  return { error: error.message, code: error.code, fields: error.errors.map((e) => ({ field: e.field, code: e.code, message: e.message })) };
}

/**
 * For an error handler: the JSON answer when `error` is a refused request and the client
 * is a script, or null (then the handler sends its page as usual).
 */
export function refusalAnswerFor(error: unknown, request: FastifyRequest): { status: number; body: ReturnType<typeof refusalJson> } | null {
  if (!(error instanceof RefusedRequest) || !wantsJsonAnswer(request)) return null;
  return { status: 400, body: refusalJson(error) };
}
