import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createUser, minutesAfter, WRITTEN_AT } from "../factories/store-records.js";
import { testDialects, type TestDatabase } from "../support/databases.js";

const dialects = await testDialects();

describe.each(dialects.map((d) => [d.name, d] as const))("people who can sign in on %s", (_, dialect) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await dialect.create();
  });
  afterEach(() => t.dispose());

  it("stores the email lower-cased and reads the person back", async () => {
    const user = await t.stores.users.create({ name: "Min-ji Park", email: "Min-Ji.Park@Example.COM", passwordHash: "h1", role: "owner" }, WRITTEN_AT);
    expect(user).toEqual({ id: expect.any(Number), name: "Min-ji Park", email: "min-ji.park@example.com", role: "owner", createdAt: WRITTEN_AT });
    expect(await t.stores.users.findById(user.id)).toEqual(user);
    expect(await t.stores.users.findById(user.id + 1000)).toBeNull();
  });

  it("finds the credentials whatever case and spacing the email is typed in", async () => {
    const user = await createUser(t.stores, { email: "owner@example.com", passwordHash: "the-hash" });
    for (const typed of ["owner@example.com", "OWNER@Example.com", "  Owner@EXAMPLE.com "]) {
      expect(await t.stores.users.findCredentials(typed)).toEqual({ user, passwordHash: "the-hash" });
    }
    expect(await t.stores.users.findCredentials("someone@example.com")).toBeNull();
  });

  it("refuses a second account with the same email in another case", async () => {
    await createUser(t.stores, { email: "owner@example.com" });
    await expect(createUser(t.stores, { email: "Owner@Example.com" })).rejects.toThrow();
    expect(await t.stores.users.count()).toBe(1);
  });

  it("counts and lists people in the order they joined", async () => {
    expect(await t.stores.users.count()).toBe(0);
    expect(await t.stores.users.list()).toEqual([]);
    const first = await createUser(t.stores, { role: "owner" });
    const second = await createUser(t.stores, {}, minutesAfter(WRITTEN_AT, 1));
    expect(await t.stores.users.count()).toBe(2);
    expect(await t.stores.users.list()).toEqual([first, second]);
  });

  it("changes one person's password hash only", async () => {
    const changed = await createUser(t.stores, { email: "a@example.com", passwordHash: "old" });
    await createUser(t.stores, { email: "b@example.com", passwordHash: "other" });
    expect(await t.stores.users.setPasswordHash(changed.id, "new")).toBe(true);
    expect((await t.stores.users.findCredentials("a@example.com"))?.passwordHash).toBe("new");
    expect((await t.stores.users.findCredentials("b@example.com"))?.passwordHash).toBe("other");
    expect(await t.stores.users.setPasswordHash(changed.id + 1000, "nobody")).toBe(false);
  });
});
