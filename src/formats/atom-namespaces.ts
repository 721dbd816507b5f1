/**
 * Namespace URIs and well-known scheme values of Atom and the vocabularies that Blogger (and
 * other feed formats) put into it. Elements are matched by namespace URI, never by prefix:
 * exports spell prefixes as they like.
 */

/** Atom 1.0 (RFC 4287). */
export const ATOM_NS = "http://www.w3.org/2005/Atom";

/** The Atom Publishing Protocol, draft namespace (Blogger's classic export uses it for `app:draft`)… */
export const APP_DRAFT_NS = "http://purl.org/atom/app#";
/** … and the final RFC 5023 namespace. */
export const APP_NS = "http://www.w3.org/2007/app";

/** Atom threading extensions (RFC 4685): `thr:in-reply-to`, `thr:total`. */
export const THREAD_NS = "http://purl.org/syndication/thread/1.0";

/** Google Data (GData): `gd:extendedProperty`, `gd:image`, and the `#kind` category scheme. */
export const GD_NS = "http://schemas.google.com/g/2005";

/** The category scheme whose term says what a GData entry is. */
export const GDATA_KIND_SCHEME = "http://schemas.google.com/g/2005#kind";

/** Blogger's kind terms are this prefix plus post, page, comment, settings or template. */
export const BLOGGER_KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#";

/** The category scheme of Blogger labels in the classic export. */
export const BLOGGER_LABEL_SCHEME = "http://www.blogger.com/atom/ns#";

/** Google Takeout's Blogger `feed.atom` vocabulary: `blogger:type`, `blogger:status`, … */
export const BLOGGER_TAKEOUT_NS = "http://schemas.google.com/blogger/2018";
