import { describe, expect, it } from "vitest";
import { commentDigestMail, confirmSubscriptionMail, newCommentMail, replyNotificationMail, type CommentForMail } from "../../../src/services/mail/mail-templates.js";

const links = (id: number) => ({
  approve: `https://harbour.example/admin/mail-action?t=approve-${id}`,
  spam: `https://harbour.example/admin/mail-action?t=spam-${id}`,
  delete: `https://harbour.example/admin/mail-action?t=delete-${id}`,
});

function comment(overrides: Partial<CommentForMail> = {}): CommentForMail {
  return {
    authorName: "Mira",
    authorUrl: "https://mira.example",
    authorEmail: "mira@example.com",
    text: "The ferry photo is lovely.",
    heldReasons: [],
    status: "pending",
    ...overrides,
  };
}

function notice(c: CommentForMail) {
  return newCommentMail({
    to: "author@harbour.example",
    blogTitle: "Notes from the Harbour",
    postTitle: "A mass exodus",
    postUrl: "https://harbour.example/2010/11/a-mass-exodus.html",
    comment: c,
    actionLinks: links(3),
  });
}

describe("the new-comment notice the blog's author gets", () => {
  it("says who wrote what on which post, why it was held, and that each link asks for confirmation", () => {
    const mail = notice(comment({ heldReasons: ["contains 3 links", "first comment from this address"] }));

    expect(mail.kind).toBe("new-comment");
    expect(mail.to).toBe("author@harbour.example");
    expect(mail.text).toContain('Mira (mira@example.com, https://mira.example) commented on "A mass exodus":\nhttps://harbour.example/2010/11/a-mass-exodus.html');
    expect(mail.text).toContain("> The ferry photo is lovely.");
    expect(mail.text).toContain("waiting for your approval");
    expect(mail.text).toContain("It was held because:\n- contains 3 links\n- first comment from this address");
    expect(mail.text).toContain("Approve: https://harbour.example/admin/mail-action?t=approve-3\nMark as spam: https://harbour.example/admin/mail-action?t=spam-3\nDelete: https://harbour.example/admin/mail-action?t=delete-3");
    expect(mail.text).toContain("Each link opens a confirmation page");
    expect(mail.html).toContain("<li>contains 3 links</li>");
    expect(mail.html).toContain("confirmation page");
  });

  it("offers no Approve link for a published comment and no spam link for one already in spam", () => {
    const published = notice(comment({ status: "approved" }));
    expect(published.subject).toBe('[Notes from the Harbour] Mira commented on "A mass exodus"');
    expect(published.text).not.toContain("Approve:");
    expect(published.text).toContain("Mark as spam:");

    const spam = notice(comment({ status: "spam", heldReasons: ["matched the spam filter"] }));
    expect(spam.subject).toContain("(held as spam)");
    expect(spam.text).toContain("Approve:");
    expect(spam.text).not.toContain("Mark as spam:");
    expect(spam.text).toContain("matched the spam filter");
  });

  it("escapes everything the commenter typed in the HTML and links only to web addresses", () => {
    const mail = notice(
      comment({
        authorName: '<img src=x onerror="alert(1)">',
        authorUrl: "javascript:alert(1)",
        text: "<script>alert('hi')</script>\n\nSecond & last.",
        heldReasons: ["<b>bold</b> reason"],
      }),
    );

    expect(mail.html).not.toContain("<img");
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<b>bold");
    expect(mail.html).not.toContain('href="javascript:');
    expect(mail.html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
    expect(mail.html).toContain("&lt;script&gt;alert(&#39;hi&#39;)&lt;/script&gt;");
    expect(mail.html).toContain("<p>Second &amp; last.</p>");
    expect(mail.html).toContain("javascript:alert(1)"); // shown as text, so the author sees what was typed
  });

  it("keeps a name with line breaks on one line in the subject and in the text", () => {
    const mail = notice(comment({ authorName: "Hi\r\nBcc: victim@example.com\r\n\r\nApprove: https://evil.example" }));

    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toContain("Hi Bcc: victim@example.com Approve: https://evil.example commented on");
    expect(mail.text.split("\n").filter((line) => line.startsWith("Approve:"))).toEqual(["Approve: https://harbour.example/admin/mail-action?t=approve-3"]);
  });

  it("drops terminal escapes and other control characters from a name", () => {
    const mail = notice(comment({ authorName: "Tom\u0000\u001b[31m\u0085Red" }));
    expect(mail.subject).toContain("Tom [31m Red commented on");
    expect(mail.subject).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });

  it("refuses a relative link, which would not work in a mail program", () => {
    expect(() =>
      newCommentMail({ to: "a@b.example", blogTitle: "B", postTitle: "P", postUrl: "/2010/11/p.html", comment: comment(), actionLinks: links(1) }),
    ).toThrow(/postUrl must be an absolute/);
  });
});

describe("the comment digest", () => {
  it("lists every comment with its post and its own links, and counts those waiting", () => {
    const mail = commentDigestMail({
      blogTitle: "Notes from the Harbour",
      to: "author@harbour.example",
      comments: [
        { postTitle: "A mass exodus", postUrl: "https://harbour.example/a.html", comment: comment(), actionLinks: links(1) },
        { postTitle: "Ferries", postUrl: "https://harbour.example/b.html", comment: comment({ authorName: "Tom", status: "approved", text: "Nice." }), actionLinks: links(2) },
      ],
    });

    expect(mail.kind).toBe("comment-digest");
    expect(mail.subject).toBe("[Notes from the Harbour] 2 new comments, 1 awaiting moderation");
    expect(mail.text).toContain('1. Mira (mira@example.com, https://mira.example) commented on "A mass exodus"');
    expect(mail.text).toContain('2. Tom (mira@example.com, https://mira.example) commented on "Ferries"');
    expect(mail.text).toContain("Approve: https://harbour.example/admin/mail-action?t=approve-1");
    expect(mail.text).toContain("Delete: https://harbour.example/admin/mail-action?t=delete-2");
    expect(mail.text).not.toContain("approve-2");
  });

  it("is not made for no comments", () => {
    expect(() => commentDigestMail({ blogTitle: "B", to: "a@b.example", comments: [] })).toThrow(/at least one comment/);
  });
});

describe("mail to readers", () => {
  it("asks a new subscriber to confirm, and says to ignore it otherwise", () => {
    const mail = confirmSubscriptionMail({ blogTitle: "Notes", postTitle: "Ferries", confirmUrl: "https://harbour.example/confirm?t=1", to: "reader@example.org" });
    expect(mail.kind).toBe("confirm-subscription");
    expect(mail.text).toContain("https://harbour.example/confirm?t=1");
    expect(mail.text).toContain("ignore this message");
  });

  it("tells a subscriber about a new comment with a visible unsubscribe link and one-click headers", () => {
    const mail = replyNotificationMail({
      blogTitle: "Notes",
      postTitle: "Ferries",
      commentUrl: "https://harbour.example/ferries.html#c4",
      authorName: "Tom",
      excerpt: "I took that ferry <once>.",
      unsubscribeUrl: "https://harbour.example/unsubscribe?t=1",
      unsubscribeOneClickUrl: "https://harbour.example/unsubscribe/one-click?t=1",
      to: "reader@example.org",
    });

    expect(mail.headers).toMatchObject({ "List-Unsubscribe": "<https://harbour.example/unsubscribe/one-click?t=1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" });
    expect(mail.text).toContain("Tom wrote on \"Ferries\":\n\n> I took that ferry <once>.");
    expect(mail.text).toContain("Unsubscribe: https://harbour.example/unsubscribe?t=1");
    expect(mail.html).toContain("I took that ferry &lt;once&gt;.");
  });

  it("keeps an unsubscribe address with angle brackets from breaking out of its header", () => {
    const mail = replyNotificationMail({
      blogTitle: "Notes",
      postTitle: "Ferries",
      commentUrl: "https://harbour.example/ferries.html#c4",
      authorName: "Tom",
      excerpt: "Hi",
      unsubscribeUrl: "https://harbour.example/unsubscribe?t=1",
      unsubscribeOneClickUrl: "https://harbour.example/u?t=a>, <mailto:evil@example.com",
      to: "reader@example.org",
    });
    expect(mail.headers!["List-Unsubscribe"]).toBe("<https://harbour.example/u?t=a%3E,%20%3Cmailto:evil@example.com>");
  });
});
