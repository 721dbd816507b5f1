import { createThemeRenderer, DEFAULT_THEMES_DIR } from "../../src/themes/theme-renderer.js";
import {
  commentFormView,
  commentView,
  dayView,
  listingPageModel,
  notFoundPageModel,
  postPageModel,
  postView,
  siteView,
  staticPageModel,
} from "../factories/view-models.js";

/**
 * Every kind of page the classic theme renders, each with as much on it as a real page
 * can have (comments of every sort, form errors, pagination), for whole-page checks
 * such as HTML validity and accessibility.
 */
export async function renderClassicPages(): Promise<Record<string, string>> {
  const theme = createThemeRenderer({ themesDir: DEFAULT_THEMES_DIR, theme: "classic" });
  const post = postView({
    commentCount: 3,
    updatedIso: "2010-11-29T09:05:00+09:00",
    updatedLabel: "Updated Monday, November 29, 2010 9:05 AM",
    html:
      '<p>The news says <a href="https://news.example/">workers are leaving</a>.</p>' +
      "<blockquote><p>A mass departure is under way.</p></blockquote>" +
      '<figure><img src="/media/workers.jpg" alt="Workers on a building site"><figcaption>In warmer times.</figcaption></figure>',
  });
  return {
    "front page": await theme.listing(
      listingPageModel({
        site: siteView({ signedIn: true }),
        days: [
          dayView("Sunday, November 28, 2010", "2010-11-28", [post, postView({ title: "Second post" })]),
          dayView("Friday, November 26, 2010", "2010-11-26", [postView({ title: "Older post" })]),
        ],
        pagination: { newerUrl: null, olderUrl: "/search?updated-max=2010-11-26" },
      }),
    ),
    "label page": await theme.listing(
      listingPageModel({
        site: siteView({ currentPath: "/search/label/Korea" }),
        heading: "Posts labelled Korea",
        noindex: true,
        pagination: { newerUrl: "/search/label/Korea?page=1", olderUrl: "/search/label/Korea?page=3" },
      }),
    ),
    "empty listing": await theme.listing(listingPageModel({ days: [], site: siteView({ archive: [], labels: [], pages: [] }) })),
    "post page": await theme.post(
      postPageModel({
        post,
        comments: [
          commentView({ number: 1, authorUrl: "https://jinny.example/" }),
          commentView({ number: 2, removed: true }),
          commentView({ number: 3, authorName: "Kevin", isBlogAuthor: true }),
        ],
        form: commentFormView({
          notice: "pending",
          values: { name: "Ann", url: "nope", email: "ann@", body: "" },
          errors: [
            { field: "url", message: "A web address starts with http:// or https://." },
            { field: "email", message: "That email address looks incomplete." },
            { field: "body", message: "Write a comment first." },
          ],
        }),
      }),
    ),
    "post with comments closed": await theme.post(
      postPageModel({ post: postView({ commentsOpen: false }), form: commentFormView({ closed: true }) }),
    ),
    "static page": await theme.page(staticPageModel()),
    "page not found": await theme.notFound(notFoundPageModel()),
  };
}
