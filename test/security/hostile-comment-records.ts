import { renderCommentMarkdown } from "../../src/content/index.js";
import { validateCommentInput, type CommentInput } from "../../src/domain/comment-input.js";
import type { Post } from "../../src/domain/post.js";
import type { Longhand } from "../../src/main.js";
import { createPost, newComment } from "../factories/store-records.js";

/**
 * Readers' comments full of hostile text, stored the way the comment service stores an
 * accepted form (validated and cleaned by the form's rules, the body rendered by
 * renderCommentMarkdown) but many to a post at once, so thousands of texts cost a few page
 * renders instead of one form post (and proof of work) each.
 */

/** What the form would keep of `text` typed into every field; a field its rules refuse is sent plain instead. */
export function formFields(text: string, index: number): CommentInput {
  const plain: CommentInput = { name: `Reader ${index}`, url: "", email: "", body: `Comment ${index}.` };
  const typed: CommentInput = {
    name: Array.from(text).slice(0, 80).join(""),
    // An address that passes the form's rules with the hostile text inside it, or the text itself when it passes alone.
    url: validateCommentInput({ ...plain, url: text }).ok ? text : `https://reader.example/${Array.from(text).slice(0, 200).join("")}`,
    email: `${text.replace(/[\s@]/g, "").slice(0, 200)}@reader.example`,
    body: text,
  };
  const accepted = { ...plain };
  for (const field of ["name", "url", "email", "body"] as const) {
    if (validateCommentInput({ ...plain, [field]: typed[field] }).ok) accepted[field] = typed[field];
  }
  return accepted;
}

/** A new post by the blog's owner holding one approved comment per text, each text in every field. */
export async function postWithHostileComments(longhand: Longhand, texts: readonly string[]): Promise<Post> {
  const { stores, instance } = longhand;
  const owner = { blog: instance.blog, author: (await stores.users.list())[0]! };
  const post = await createPost(stores, owner, { title: "A quiet post" });
  await stores.transaction(async (tx) => {
    for (const [i, text] of texts.entries()) {
      const checked = validateCommentInput(formFields(text, i));
      if (!checked.ok) throw new Error(`form rules refused ${JSON.stringify(text)}: ${JSON.stringify(checked.errors)}`);
      const { name, url, email, body } = checked.value;
      await tx.comments.insert(
        newComment(post.id, { number: i + 1, authorName: name, authorUrl: url, authorEmail: email, source: body, html: renderCommentMarkdown(body) }),
        new Date(Date.UTC(2024, 0, 1, 0, i)),
      );
    }
    await tx.posts.refreshCommentCount(post.id);
  });
  return post;
}
