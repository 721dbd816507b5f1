import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queued, queueOf, saveBlogSettings, saveCommentSettings } from "../support/dashboard-forms.js";
import { fakeClock } from "../support/fake-clock.js";
import { signIn, type InjectClient } from "../support/http-session.js";
import { anotherReaderAddress, sendCommentFrom } from "../support/many-readers.js";
import { findAll, findOne, visibleText, withoutFragment } from "../support/page-reader.js";
import { solvedProofOfWork } from "../support/proof-of-work.js";
import { commentFormOf, MAIN_POST } from "../support/reader.js";
import { startTestBlog, type TestBlog } from "../support/test-blog.js";

// Spam defences. The blog publishes comments at once ("open"), so any comment that waits
// or lands under Spam was caught by a defence, and the queue must say which. A caught
// comment is never lost: the author finds every word of it, with who sent it, in the queue,
// and the comments already on the post stay as they were.

const commentItems = (html: string) => findAll(html, { tag: "li", className: "comment" });

interface Caught {
  app: TestBlog["longhand"]["app"];
  author: InjectClient;
}

/**
 * The reader is told their comment waits (spam looks the same to its sender), the post does
 * not show it and keeps what it had, and the author finds it whole in the `status` tab.
 */
async function expectCaught({ app, author }: Caught, sent: Awaited<ReturnType<typeof sendCommentFrom>>, typed: { name: string; email?: string; body: string }, status: "pending" | "spam") {
  expect(sent.statusCode).toBe(303);
  expect(withoutFragment(sent.headers.location)).toBe(`${MAIN_POST}?comment=pending`);
  const page = await app.inject(MAIN_POST);
  expect(page.body).not.toContain(typed.body.slice(0, 30));
  expect(commentItems(page.body).map((c) => c.attrs.id)).toEqual(expect.arrayContaining(["c1", "c2", "c3", "c4", "c5"]));
  const item = await queued(author, typed.body.slice(0, 30), status);
  const text = visibleText(item.html);
  expect(text).toContain(typed.body.replace(/\s+/g, " ").trim());
  expect(text).toContain(typed.name);
  if (typed.email) expect(text).toContain(typed.email);
  return item;
}

describe("each defence says why it caught a comment", () => {
  let blog: TestBlog;
  let who: Caught;
  beforeAll(async () => {
    blog = await startTestBlog();
    const author = await signIn(blog.longhand.app);
    await saveBlogSettings(author, { moderation: "open" });
    who = { app: blog.longhand.app, author };
  });
  afterAll(() => blog.dispose());

  it("files a comment whose hidden field was filled as spam: “hidden field filled”", async () => {
    const typed = { name: "Bot One", email: "bot1@example.net", body: "Great article, thanks for sharing this wonderful content." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed, { extra: { website: "https://bot.example/" } });

    const item = await expectCaught(who, sent, typed, "spam");
    expect(item.reasons).toEqual(["hidden field filled"]);
  });

  it("holds a comment sent with no proof of work (no JavaScript)", async () => {
    const typed = { name: "Lynx User", email: "lynx@example.org", body: "I read this in a text browser, no scripts at all." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed, { withoutProofOfWork: true });

    const item = await expectCaught(who, sent, typed, "pending");
    expect(item.reasons).toEqual(["no proof of work (JavaScript off)"]);
  });

  it("files a comment with a forged or reused proof of work as spam", async () => {
    const proof = await solvedProofOfWork(who.app);
    const first = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, { name: "Honest", body: "A comment with its own proof." }, { extra: { altcha: proof } });
    expect(String(first.headers.location)).toContain("comment=published");
    const typed = { name: "Replayer", email: "replay@example.net", body: "Sending the same proof a second time." };
    const forgedTyped = { name: "Forger", email: "forger@example.net", body: "A proof of work made up out of thin air." };

    const reused = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed, { extra: { altcha: proof } });
    const forged = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, forgedTyped, { extra: { altcha: Buffer.from('{"algorithm":"SHA-256","number":1}').toString("base64") } });

    expect((await expectCaught(who, reused, typed, "spam")).reasons).toEqual(["proof of work invalid"]);
    expect((await expectCaught(who, forged, forgedTyped, "spam")).reasons).toEqual(["proof of work invalid"]);
  });

  it("holds a comment with more links than the blog allows, saying how many", async () => {
    await saveCommentSettings(who.author, { max_links: "2" });
    const typed = { name: "Linker", email: "linker@example.org", body: "Sources: https://a.example/1 and https://b.example/2 and https://c.example/3" };
    const fine = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, { name: "Two links", body: "See https://a.example/x and https://b.example/y for more." });
    expect(String(fine.headers.location)).toContain("comment=published");

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "pending")).reasons).toEqual(["3 links"]);
  });

  it("files a comment with a known spam phrase as spam", async () => {
    const typed = { name: "Seller", email: "seller@example.net", body: "Buy cheap watches from my shop, best in town." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "spam")).reasons).toEqual(["spam pattern: buy cheap"]);
  });

  it("holds a comment that says the same thing over and over", async () => {
    const typed = { name: "Echo", email: "echo@example.org", body: "Visit the harbour page. Visit the harbour page. Visit the harbour page." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "pending")).reasons).toEqual(["repeated text"]);
  });

  it("holds a comment in a writing system the blog does not allow, and lets the allowed one through", async () => {
    await saveCommentSettings(who.author, { allowed_scripts: "Latin" });
    const typed = { name: "Minji", email: "minji@example.kr", body: "부두가 다시 살아나서 정말 기쁩니다." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);
    const latin = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, { name: "Mona", body: "Latin letters are fine here." });

    expect((await expectCaught(who, sent, typed, "pending")).reasons).toEqual(["script not allowed: Hangul"]);
    expect(String(latin.headers.location)).toContain("comment=published");
    await saveCommentSettings(who.author, { allowed_scripts: "" });
  });
});

describe("the author's block lists", () => {
  let blog: TestBlog;
  let who: Caught;
  beforeAll(async () => {
    blog = await startTestBlog();
    const author = await signIn(blog.longhand.app);
    await saveBlogSettings(author, { moderation: "open" });
    await saveCommentSettings(author, {
      block_words: "timeshare\nfree money",
      block_emails: "troll@example.org\n@spam.example",
      block_domains: "pills.example",
      block_networks: "",
    });
    who = { app: blog.longhand.app, author };
  });
  afterAll(() => blog.dispose());

  it("files a comment with a blocked word or phrase as spam, naming it", async () => {
    const typed = { name: "Agent", email: "agent@example.net", body: "Have you thought about a Timeshare by the sea?" };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "spam")).reasons).toEqual(["blocked word: timeshare"]);
  });

  it("files comments from a blocked address or anyone at a blocked domain as spam", async () => {
    const troll = { name: "Troll", email: "Troll@Example.org", body: "You are all wrong about the pier." };
    const domain = { name: "Someone", email: "someone@mail.spam.example", body: "Hello from a domain you blocked." };

    const fromTroll = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, troll);
    const fromDomain = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, domain);

    expect((await expectCaught(who, fromTroll, { ...troll, email: "troll@example.org" }, "spam")).reasons).toEqual(["blocked email: troll@example.org"]);
    expect((await expectCaught(who, fromDomain, domain, "spam")).reasons).toEqual(["blocked email: @spam.example"]);
  });

  it("files a comment linking to a blocked domain as spam", async () => {
    const typed = { name: "Pharma", email: "ph@example.net", body: "Good read. More at https://www.shop.pills.example/offer" };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "spam")).reasons).toEqual(["blocked domain: pills.example"]);
  });

  it("files comments from a blocked network as spam, and not those from elsewhere", async () => {
    await saveCommentSettings(who.author, { block_networks: "127.0.0.0/8" });
    const typed = { name: "Local", email: "local@example.org", body: "Writing from a network you have blocked." };

    const sent = await sendCommentFrom(who.app, "127.0.0.1", MAIN_POST, typed);
    const elsewhere = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, { name: "Remote", body: "Writing from somewhere else entirely." });

    expect((await expectCaught(who, sent, typed, "spam")).reasons).toEqual(["blocked network: 127.0.0.0/8"]);
    expect(String(elsewhere.headers.location)).toContain("comment=published");
  });
});

describe("a comment sent faster than a person writes", () => {
  const clock = fakeClock();
  let blog: TestBlog;
  let who: Caught;
  beforeAll(async () => {
    blog = await startTestBlog({ clock: clock.now, defences: { minSeconds: 5 } });
    const author = await signIn(blog.longhand.app);
    await saveBlogSettings(author, { moderation: "open" });
    who = { app: blog.longhand.app, author };
  });
  afterAll(() => blog.dispose());

  it("is held as “too fast” when sent the moment the page loads", async () => {
    const typed = { name: "Quick", email: "quick@example.net", body: "Posted the instant the page arrived." };

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, typed);

    expect((await expectCaught(who, sent, typed, "pending")).reasons).toEqual(["too fast"]);
  });

  it("goes up when the reader took ten seconds to write it", async () => {
    const page = await commentFormOf(who.app, MAIN_POST);
    clock.advance(10_000);

    const sent = await sendCommentFrom(who.app, anotherReaderAddress(), MAIN_POST, { name: "Thoughtful", body: "I took my time over this one." }, { formFromPage: page });

    expect(String(sent.headers.location)).toMatch(/\?comment=published#c\d+$/);
    expect((await who.app.inject(MAIN_POST)).body).toContain("I took my time over this one.");
    expect((await queueOf(who.author, "pending")).map((item) => visibleText(item.html)).join("\n")).not.toContain("I took my time");
  });
});

describe("too many comments from one address", () => {
  let blog: TestBlog;
  beforeAll(async () => {
    blog = await startTestBlog();
    await saveBlogSettings(await signIn(blog.longhand.app), { moderation: "open" });
  });
  afterAll(() => blog.dispose());

  it("refuses the sixth in a minute with 429 and Retry-After, storing nothing of it", async () => {
    const app = blog.longhand.app;
    const ip = anotherReaderAddress();
    for (let n = 1; n <= 5; n++) {
      const sent = await sendCommentFrom(app, ip, MAIN_POST, { name: "Chatty", body: `Chatty's comment number ${n}.` });
      expect(String(sent.headers.location), `comment ${n}`).toContain("comment=published");
    }
    const before = await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id);

    const sixth = await sendCommentFrom(app, ip, MAIN_POST, { name: "Chatty", body: "Chatty's sixth, one too many." });

    expect(sixth.statusCode).toBe(429);
    const wait = Number(sixth.headers["retry-after"]);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(60);
    expect(visibleText(sixth.body)).toContain("was not published");
    expect(await blog.longhand.stores.comments.countByStatus(blog.longhand.instance.blog.id)).toEqual(before);
    const page = await app.inject(MAIN_POST);
    expect(page.body).not.toContain("Chatty's sixth");
    expect(page.body).toContain("Chatty's comment number 5.");
    // Another reader is not held up by Chatty.
    const other = await sendCommentFrom(app, anotherReaderAddress(), MAIN_POST, { name: "Calm", body: "Just one from me." });
    expect(String(other.headers.location)).toContain("comment=published");
  });
});

describe("the spam filter learns from the author", () => {
  let blog: TestBlog;
  let author: InjectClient;
  const SPAM = [
    "Discount replica watches at unbeatable prices, order today from our store",
    "Cheap replica handbags and watches, discount prices, order online today",
    "Order discount replica sunglasses today, lowest prices in our online store",
    "Unbeatable discount on replica watches, order from our online store now",
    "Best replica watches store online, discount prices, free shipping today",
    "Replica jewellery at discount prices, order today, our store ships free",
  ];
  const GOOD = [
    "My grandfather fished from that pier every autumn morning",
    "The ferry to Skarvik was late again because of the fog",
    "Lovely photo of the harbour, the boats look so calm",
    "We walked along the pier with the dog last Sunday evening",
    "The old boathouse by the harbour needs a new roof before winter",
    "Thank you for writing about the pier, my mother remembers the dances there",
  ];

  beforeAll(async () => {
    blog = await startTestBlog();
    author = await signIn(blog.longhand.app);
    // Every stranger waits ("hold-first"), so the author decides on each comment.
    for (const [i, body] of SPAM.entries()) {
      expect((await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: `Shop ${i}`, email: `sales${i}@replica.example`, body })).statusCode).toBe(303);
    }
    for (const [i, body] of GOOD.entries()) {
      expect((await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: `Neighbour ${i}`, email: `neighbour${i}@skarvik.example`, body })).statusCode).toBe(303);
    }
  });
  afterAll(() => blog.dispose());

  it("scores a new spam-like comment above a new real one once the author has marked enough of each", async () => {
    for (const body of SPAM) expect((await author.post(`/admin/comments/${(await queued(author, body.slice(0, 25))).id}/spam`, {})).statusCode).toBe(303);
    for (const body of GOOD) expect((await author.post(`/admin/comments/${(await queued(author, body.slice(0, 25))).id}/approve`, {})).statusCode).toBe(303);

    await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Shop 9", email: "sales9@replica.example", body: "Replica watches, discount prices, order from our online store today" });
    await sendCommentFrom(blog.longhand.app, anotherReaderAddress(), MAIN_POST, { name: "Neighbour 9", email: "neighbour9@skarvik.example", body: "The fog over the harbour this morning hid the whole pier" });

    const everything = [...(await queueOf(author, "pending")), ...(await queueOf(author, "spam"))];
    const find = (text: string) => everything.find((item) => visibleText(item.html).includes(text))!;
    const spamLike = find("Replica watches, discount prices");
    const real = find("The fog over the harbour");
    expect(spamLike.spamScore).not.toBeNull();
    expect(real.spamScore).not.toBeNull();
    expect(spamLike.spamScore!).toBeGreaterThan(0.6);
    expect(real.spamScore!).toBeLessThan(0.4);
    expect(spamLike.spamScore!).toBeGreaterThan(real.spamScore!);
    expect(findOne(spamLike.html, { className: "score-badge" }).inner.toLowerCase()).toContain("spam score");
    // The real one is held only because it is Neighbour 9's first comment.
    expect(real.reasons).toEqual(["first comment"]);
  });
});
