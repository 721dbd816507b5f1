/**
 * schema.org data for a page's `<script type="application/ld+json">`. The JSON is printed
 * into HTML as it is, so it must never be able to end its script element: every `<`, `>`
 * and `&` is written as a \u escape (JSON reads them back as the same characters), and so
 * are U+2028 and U+2029.
 */

/** A post as the BlogPosting needs it; addresses absolute, times as Dates. */
export interface BlogPostingInput {
  url: string;
  headline: string;
  description: string;
  published: Date;
  modified: Date;
  authorName: string;
  authorUrl: string | null;
  /** Absolute address of the post's first image, or null. */
  image: string | null;
  /** The blog: the publisher. */
  blogName: string;
  blogUrl: string;
  language: string;
  keywords: readonly string[];
}

/**
 * The schema.org BlogPosting of a post, as script-safe JSON.
 *
 * @example blogPostingJsonLd({ headline: "</script><b>", … }) // '{"@context":"https://schema.org","@type":"BlogPosting","headline":"\u003c/script\u003e\u003cb\u003e",…}'
 */
export function blogPostingJsonLd(post: BlogPostingInput): string {
  return scriptSafeJson({
    "@context": "https://schema.org",
    "@type": "BlogPosting",
    headline: post.headline,
    ...(post.description ? { description: post.description } : {}),
    url: post.url,
    mainEntityOfPage: { "@type": "WebPage", "@id": post.url },
    datePublished: post.published.toISOString(),
    dateModified: post.modified.toISOString(),
    author: { "@type": "Person", name: post.authorName, ...(post.authorUrl ? { url: post.authorUrl } : {}) },
    ...(post.image ? { image: [post.image] } : {}),
    publisher: { "@type": "Organization", name: post.blogName, url: post.blogUrl },
    inLanguage: post.language,
    ...(post.keywords.length > 0 ? { keywords: post.keywords.join(", ") } : {}),
  });
}

/**
 * JSON that can stand inside an HTML `<script>` element: nothing in it can close the
 * element or open a comment, whatever the strings hold.
 *
 * @example scriptSafeJson({ title: "</script><!--" }) // '{"title":"\u003c/script\u003e\u003c!--"}'
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
