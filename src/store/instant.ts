/** Dates go in as ISO-8601 UTC text in both databases; these convert at the edge. */
export const toInstant = (date: Date): string => date.toISOString();
export const fromInstant = (text: string): Date => new Date(text);
export const fromNullableInstant = (text: string | null): Date | null => (text === null ? null : new Date(text));
/** PostgreSQL returns counts as bigint strings; SQLite as numbers. */
export const toCount = (value: string | number | bigint | null | undefined): number => Number(value ?? 0);
