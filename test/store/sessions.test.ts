import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();
const DAY = 24 * 60;

describe.each(dialects.map((d) => [d.name, d] as const))("dashboard sessions on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("finds a session by its token hash together with the person signed in", async () => {
    const user = await createUser(t.stores, { name: "Min-ji", email: "minji@example.com", role: "owner" });
    const expiresAt = minutesAfter(WRITTEN_AT, 14 * DAY);
    await t.stores.sessions.create({ tokenHash: "hash-a", userId: user.id, csrfToken: "csrf-a", expiresAt }, WRITTEN_AT);
    expect(await t.stores.sessions.find("hash-a")).toEqual({
      tokenHash: "hash-a",
      csrfToken: "csrf-a",
      createdAt: WRITTEN_AT,
      lastSeenAt: WRITTEN_AT,
      expiresAt,
      user,
    });
    expect(await t.stores.sessions.find("hash-b")).toBeNull();
  });

  it("moves the last-seen time and the expiry forward when touched", async () => {
    const user = await createUser(t.stores);
    await t.stores.sessions.create({ tokenHash: "h", userId: user.id, csrfToken: "c", expiresAt: minutesAfter(WRITTEN_AT, DAY) }, WRITTEN_AT);
    const later = minutesAfter(WRITTEN_AT, 90);
    await t.stores.sessions.touch("h", later, minutesAfter(later, DAY));
    const session = await t.stores.sessions.find("h");
    expect(session?.createdAt).toEqual(WRITTEN_AT);
    expect(session?.lastSeenAt).toEqual(later);
    expect(session?.expiresAt).toEqual(minutesAfter(later, DAY));
  });

  it("ends one session on sign-out and every session of a person on request", async () => {
    const ann = await createUser(t.stores);
    const bo = await createUser(t.stores);
    const expiresAt = minutesAfter(WRITTEN_AT, DAY);
    for (const [tokenHash, userId] of [["ann-laptop", ann.id], ["ann-phone", ann.id], ["ann-tablet", ann.id], ["bo-laptop", bo.id]] as const) {
      await t.stores.sessions.create({ tokenHash, userId, csrfToken: `csrf-${tokenHash}`, expiresAt }, WRITTEN_AT);
    }
    await t.stores.sessions.delete("ann-laptop");
    expect(await t.stores.sessions.find("ann-laptop")).toBeNull();
    expect(await t.stores.sessions.find("ann-phone")).not.toBeNull();

    await t.stores.sessions.deleteForUser(ann.id);
    expect(await t.stores.sessions.find("ann-phone")).toBeNull();
    expect(await t.stores.sessions.find("ann-tablet")).toBeNull();
    expect((await t.stores.sessions.find("bo-laptop"))?.user.id).toBe(bo.id);
  });

  it("sweeps away only sessions that have expired", async () => {
    const user = await createUser(t.stores);
    const now = minutesAfter(WRITTEN_AT, 10 * DAY);
    await t.stores.sessions.create({ tokenHash: "expired", userId: user.id, csrfToken: "c1", expiresAt: minutesAfter(now, -1) }, WRITTEN_AT);
    await t.stores.sessions.create({ tokenHash: "still-valid", userId: user.id, csrfToken: "c2", expiresAt: minutesAfter(now, 1) }, WRITTEN_AT);
    await t.stores.sessions.deleteExpired(now);
    expect(await t.stores.sessions.find("expired")).toBeNull();
    expect(await t.stores.sessions.find("still-valid")).not.toBeNull();
  });
});
