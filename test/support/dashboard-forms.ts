import { expect } from "vitest";
import type { LightMyRequestResponse } from "fastify";
import type { InjectClient } from "./http-session.js";
import { fieldValue, findAll, findOne, selectedOption, visibleText } from "./page-reader.js";

// The author's dashboard forms, filled in the way the author would: every field the form has,
// starting from what the page shows, with only the fields the test cares about changed.

/** The blog's general settings form (POST /admin/settings), as the page shows it now. */
export async function blogSettingsForm(author: InjectClient): Promise<Record<string, string>> {
  const page = await author.get("/admin/settings");
  expect(page.statusCode).toBe(200);
  const form = findOne(page.body, { tag: "form", attrs: { action: "/admin/settings" } }).outer;
  return {
    title: fieldValue(form, "title"),
    description: fieldValue(form, "description"),
    time_zone: selectedOption(form, "time_zone") ?? "UTC",
    locale: fieldValue(form, "locale"),
    comment_policy: fieldValue(form, "comment_policy"),
    moderation: selectedOption(form, "moderation") ?? "hold-first",
    comment_mode: selectedOption(form, "comment_mode") ?? "flat",
    posts_per_page: fieldValue(form, "posts_per_page"),
  };
}

/** Saves the general settings with `changes`; expects the save to succeed. */
export async function saveBlogSettings(author: InjectClient, changes: Record<string, string>): Promise<void> {
  const saved = await author.post("/admin/settings", { ...(await blogSettingsForm(author)), ...changes });
  expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
}

/** The comment settings form (POST /admin/settings/comments), as the page shows it now. */
export async function commentSettingsForm(author: InjectClient): Promise<Record<string, string>> {
  const page = await author.get("/admin/settings");
  expect(page.statusCode).toBe(200);
  return commentSettingsIn(page.body);
}

/** The comment settings form's values in a settings page. */
export function commentSettingsIn(html: string): Record<string, string> {
  const form = findOne(html, { tag: "form", attrs: { action: "/admin/settings/comments" } }).outer;
  const values: Record<string, string> = { notify: selectedOption(form, "notify") ?? "" };
  for (const name of ["close_after_days", "thread_depth", "max_links", "allowed_scripts", "min_seconds", "policy_text", "policy_rules", "block_words", "block_emails", "block_domains", "block_networks"]) {
    values[name] = fieldValue(form, name);
  }
  return values;
}

/** Sends the comment settings form with `changes` and returns the response. */
export async function postCommentSettings(author: InjectClient, changes: Record<string, string>): Promise<LightMyRequestResponse> {
  return author.post("/admin/settings/comments", { ...(await commentSettingsForm(author)), ...changes });
}

/** Saves the comment settings with `changes`; expects the save to succeed. */
export async function saveCommentSettings(author: InjectClient, changes: Record<string, string>): Promise<void> {
  const saved = await postCommentSettings(author, changes);
  expect(saved.statusCode, saved.body.slice(0, 500)).toBe(303);
}

/** One comment in the dashboard's moderation queue. */
export interface QueuedComment {
  id: number;
  /** The item's whole markup. */
  html: string;
  /** The reasons the queue gives for holding it or filing it as spam. */
  reasons: string[];
  /** The spam score badge's number, or null when the item has none. */
  spamScore: number | null;
}

/** Every comment in one tab of the moderation queue. */
export async function queueOf(author: InjectClient, status: "pending" | "approved" | "spam" | "deleted"): Promise<QueuedComment[]> {
  const queue = await author.get(`/admin/comments?status=${status}`);
  expect(queue.statusCode).toBe(200);
  return findAll(queue.body, { tag: "article", className: "moderation-item" }).map((item) => {
    const badge = findAll(item.inner, { className: "score-badge" })[0];
    const score = badge ? /spam score\s+([\d.]+)/i.exec(visibleText(badge.inner))?.[1] : undefined;
    return {
      id: Number(item.attrs.id!.replace("comment-", "")),
      html: item.outer,
      reasons: findAll(item.inner, { className: "held-reasons" }).flatMap((list) => findAll(list.inner, { tag: "li" }).map((li) => visibleText(li.inner))),
      spamScore: score === undefined ? null : Number(score),
    };
  });
}

/** The comment in a queue tab whose text contains `text`; fails when there is none. */
export async function queued(author: InjectClient, text: string, status: "pending" | "approved" | "spam" | "deleted" = "pending"): Promise<QueuedComment> {
  const found = (await queueOf(author, status)).find((item) => visibleText(item.html).includes(text));
  if (!found) throw new Error(`No ${status} comment containing "${text}" in the dashboard`);
  return found;
}
