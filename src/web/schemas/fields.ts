import { Type, type TSchema, type TUnsafe } from "@sinclair/typebox";

// Building blocks of the routes' schemas. Bodies list every field their form sends and set
// `additionalProperties: false`, so an added field ("status=approved") is refused, not
// ignored. Query strings of public pages stay open: links from elsewhere carry utm_* and
// fbclid, and those must still show the page.

/** One of a fixed list of words; a refusal names the words allowed. */
export function choice<const T extends readonly string[]>(values: T): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: "string", enum: [...values] });
}

/** A form body: exactly these fields, nothing more. */
export function formBody<P extends Record<string, TSchema>>(properties: P) {
  return Type.Object(properties, { additionalProperties: false });
}

/** The dashboard's CSRF token field, sent by every dashboard form. */
export const csrfField = Type.String({ maxLength: 200 });

/** A row number in the database: a post, a comment, a picture. */
export const rowId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** `/…/:id` addresses. */
export const idParams = Type.Object({ id: rowId }, { additionalProperties: false });

/** The query of a public page that reads none of it: anything is ignored (tracking parameters, say). */
export const readerQuery = Type.Object({});

/** The query of a dashboard page that reads only the one-line message after a redirect. */
export const dashboardQuery = Type.Object({ flash: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false });

/** A page number of a listing. */
export const pageNumber = Type.Integer({ minimum: 1, maximum: 100_000 });

/**
 * The last step of a post's or page's address ("the-old-pier.html"). Imported posts keep the
 * address they had, in any script, so it is bounded, not patterned; the router already
 * keeps a step under its length limit and free of slashes.
 */
export const addressStep = Type.String({ minLength: 1, maxLength: 1000 });

/** Archive addresses: "/2025/" and "/2025/01/". */
export const yearParam = Type.String({ pattern: "^\\d{4}$" });
export const monthParam = Type.String({ pattern: "^\\d{2}$" });
