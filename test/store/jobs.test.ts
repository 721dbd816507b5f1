import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { JOB_LEASE_MS } from "../../src/store/jobs.store.js";

const dialects = await testDialects();
const NOW = minutesAfter(WRITTEN_AT, 60);

describe.each(dialects.map((d) => [d.name, d] as const))("background jobs on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("hands a worker only the queued jobs that are due, once", async () => {
    const early = await t.stores.jobs.enqueue("publish-scheduled", { postId: 1 }, minutesAfter(NOW, -10), WRITTEN_AT);
    const onTime = await t.stores.jobs.enqueue("send-mail", { to: "ann@example.com" }, NOW, WRITTEN_AT);
    await t.stores.jobs.enqueue("publish-scheduled", { postId: 2 }, minutesAfter(NOW, 1), WRITTEN_AT);

    const claimed = await t.stores.jobs.claimDue(NOW, 10);
    expect(claimed).toEqual([
      { id: early, kind: "publish-scheduled", payload: { postId: 1 }, runAt: minutesAfter(NOW, -10), attempts: 1 },
      { id: onTime, kind: "send-mail", payload: { to: "ann@example.com" }, runAt: NOW, attempts: 1 },
    ]);
    expect(await t.stores.jobs.claimDue(NOW, 10)).toEqual([]);
    // The running jobs are no longer queued; the future one still is.
    expect((await t.stores.jobs.listQueued("publish-scheduled")).map((j) => j.payload)).toEqual([{ postId: 2 }]);
  });

  it("claims no more than asked, earliest first", async () => {
    const later = await t.stores.jobs.enqueue("k", 2, minutesAfter(NOW, -1), WRITTEN_AT);
    const earlier = await t.stores.jobs.enqueue("k", 1, minutesAfter(NOW, -2), WRITTEN_AT);
    expect((await t.stores.jobs.claimDue(NOW, 1)).map((j) => j.id)).toEqual([earlier]);
    expect((await t.stores.jobs.claimDue(NOW, 1)).map((j) => j.id)).toEqual([later]);
  });

  it("never gives one job to two workers claiming at the same time", async () => {
    const enqueued = [];
    for (let i = 0; i < 8; i++) enqueued.push(await t.stores.jobs.enqueue("k", { i }, minutesAfter(NOW, -i), WRITTEN_AT));
    const [a, b] = await Promise.all([t.stores.jobs.claimDue(NOW, 10), t.stores.jobs.claimDue(NOW, 10)]);
    const claimedIds = [...a!, ...b!].map((j) => j.id);
    expect(new Set(claimedIds).size).toBe(claimedIds.length);
    expect([...claimedIds].sort((x, y) => x - y)).toEqual([...enqueued].sort((x, y) => x - y));
  });

  it("gives a job whose worker died while running it to another worker once its claim lapses", async () => {
    const id = await t.stores.jobs.enqueue("send-mail", { to: "cy@example.com" }, NOW, WRITTEN_AT);
    await t.stores.jobs.claimDue(NOW, 10);
    // The process that claimed it is killed: no complete, no fail.
    expect(await t.stores.jobs.claimDue(new Date(NOW.getTime() + JOB_LEASE_MS - 60_000), 10)).toEqual([]);
    const later = new Date(NOW.getTime() + JOB_LEASE_MS + 60_000);
    const [a, b] = await Promise.all([t.stores.jobs.claimDue(later, 10), t.stores.jobs.claimDue(later, 10)]);
    expect([...a!, ...b!]).toEqual([{ id, kind: "send-mail", payload: { to: "cy@example.com" }, runAt: NOW, attempts: 2 }]);
  });

  it("forgets a completed job", async () => {
    const id = await t.stores.jobs.enqueue("k", {}, NOW, WRITTEN_AT);
    await t.stores.jobs.claimDue(NOW, 10);
    await t.stores.jobs.complete(id, NOW);
    expect(await t.stores.jobs.listQueued("k")).toEqual([]);
    expect(await t.stores.jobs.claimDue(minutesAfter(NOW, 1000), 10)).toEqual([]);
  });

  it("queues a failed job again at the retry time, counting its attempts", async () => {
    const id = await t.stores.jobs.enqueue("send-mail", { to: "bo@example.com" }, NOW, WRITTEN_AT);
    await t.stores.jobs.claimDue(NOW, 10);
    const retryAt = minutesAfter(NOW, 5);
    await t.stores.jobs.fail(id, "SMTP server said no", retryAt, NOW);
    expect(await t.stores.jobs.listQueued("send-mail")).toEqual([{ id, kind: "send-mail", payload: { to: "bo@example.com" }, runAt: retryAt, attempts: 1 }]);
    expect(await t.stores.jobs.claimDue(minutesAfter(retryAt, -1), 10)).toEqual([]);
    expect(await t.stores.jobs.claimDue(retryAt, 10)).toEqual([{ id, kind: "send-mail", payload: { to: "bo@example.com" }, runAt: retryAt, attempts: 2 }]);
  });

  it("gives up on a failed job with no retry time", async () => {
    const id = await t.stores.jobs.enqueue("send-mail", {}, NOW, WRITTEN_AT);
    await t.stores.jobs.claimDue(NOW, 10);
    await t.stores.jobs.fail(id, "address does not exist", null, NOW);
    expect(await t.stores.jobs.listQueued("send-mail")).toEqual([]);
    expect(await t.stores.jobs.claimDue(minutesAfter(NOW, 1000), 10)).toEqual([]);
  });

  it("cancels only the queued job of that kind with exactly that payload", async () => {
    await t.stores.jobs.enqueue("publish-scheduled", { postId: 1 }, NOW, WRITTEN_AT);
    const otherPost = await t.stores.jobs.enqueue("publish-scheduled", { postId: 2 }, NOW, WRITTEN_AT);
    const otherKind = await t.stores.jobs.enqueue("send-mail", { postId: 1 }, NOW, WRITTEN_AT);
    await t.stores.jobs.cancelQueued("publish-scheduled", { postId: 1 });
    expect((await t.stores.jobs.listQueued("publish-scheduled")).map((j) => j.id)).toEqual([otherPost]);
    expect((await t.stores.jobs.listQueued("send-mail")).map((j) => j.id)).toEqual([otherKind]);
  });

  it("leaves a running job alone when cancelling", async () => {
    const running = await t.stores.jobs.enqueue("publish-scheduled", { postId: 1 }, NOW, WRITTEN_AT);
    await t.stores.jobs.claimDue(NOW, 10);
    await t.stores.jobs.cancelQueued("publish-scheduled", { postId: 1 });
    // Still there: failing it with a retry puts it back in the queue.
    await t.stores.jobs.fail(running, "interrupted", NOW, NOW);
    expect((await t.stores.jobs.listQueued("publish-scheduled")).map((j) => j.id)).toEqual([running]);
  });
});
