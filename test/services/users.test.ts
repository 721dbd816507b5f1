import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DomainError, ValidationError } from "../../src/domain/errors.js";
import { createUserService } from "../../src/services/users.service.js";
import { verifyPassword } from "../../src/services/passwords.js";
import { testDialects, type TestDatabase } from "../support/databases.js";
import { fakeClock } from "../support/fake-clock.js";

const dialects = await testDialects();
const PASSWORD = "correct horse battery";

describe.each(dialects.map((d) => [d.name, d] as const))("people who can sign in, on %s", (_, dialect) => {
  let db: TestDatabase;
  let users: ReturnType<typeof createUserService>;

  beforeEach(async () => {
    db = await dialect.create();
    users = createUserService({ users: db.stores.users, clock: fakeClock().now });
  });

  afterEach(async () => {
    await db.dispose();
  });

  const errorOf = (work: Promise<unknown>) => work.then(() => null, (e: unknown) => e);
  const fieldsOf = (error: unknown) => {
    expect(error).toBeInstanceOf(ValidationError);
    return (error as ValidationError).errors.map((e) => [e.field, e.code]);
  };
  const passwordOf = async (email: string) => (await db.stores.users.findCredentials(email))!.passwordHash;

  it("adds an owner with a lower-cased email and a hashed password", async () => {
    const user = await users.add({ name: " Hana ", email: " Hana@Example.com ", password: PASSWORD });

    expect(user).toMatchObject({ name: "Hana", email: "hana@example.com", role: "owner" });
    expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
    expect(await users.count()).toBe(1);
  });

  it("names a user after their email when no name is given", async () => {
    const user = await users.add({ name: "", email: "mira@example.com", password: PASSWORD, role: "author" });
    expect(user).toMatchObject({ name: "mira", role: "author" });
  });

  it.each([["not an email"], ["hana@"], ["@example.com"], [""]])("refuses the email %j and adds nobody", async (email) => {
    expect(fieldsOf(await errorOf(users.add({ name: "Hana", email, password: PASSWORD })))).toEqual([["email", "invalid-email"]]);
    expect(await users.count()).toBe(0);
  });

  it.each([
    ["short", "too-short"],
    ["x".repeat(201), "too-long"],
  ])("refuses the password %j and adds nobody", async (password, code) => {
    expect(fieldsOf(await errorOf(users.add({ name: "Hana", email: "hana@example.com", password })))).toEqual([["password", code]]);
    expect(await users.count()).toBe(0);
  });

  it("refuses a second user with the same email, in any case, and keeps the first as it was", async () => {
    const first = await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

    const error = await errorOf(users.add({ name: "Impostor", email: "HANA@example.com", password: "a different password" }));

    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe("conflict");
    expect(await users.list()).toEqual([first]);
    expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
  });

  it("sets a new password by email", async () => {
    await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

    await users.setPassword("Hana@example.com", "a brand new password");

    expect(await verifyPassword("a brand new password", await passwordOf("hana@example.com"))).toBe(true);
    expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(false);
  });

  it("setting the password of an unknown email is not-found and changes nobody's", async () => {
    await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

    const error = await errorOf(users.setPassword("nobody@example.com", "a brand new password"));

    expect((error as DomainError).code).toBe("not-found");
    expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
  });

  it("setting a too-short password is refused and keeps the old one", async () => {
    await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

    expect(fieldsOf(await errorOf(users.setPassword("hana@example.com", "short")))).toEqual([["password", "too-short"]]);
    expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
  });

  describe("a signed-in author changing their password", () => {
    it("works with the right current password", async () => {
      const hana = await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

      await users.changePassword(hana.id, hana.email, PASSWORD, "a brand new password");

      expect(await verifyPassword("a brand new password", await passwordOf("hana@example.com"))).toBe(true);
    });

    it("is refused on the current password when it is wrong, and keeps the old one", async () => {
      const hana = await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

      const errors = fieldsOf(await errorOf(users.changePassword(hana.id, hana.email, "not my password", "a brand new password")));

      expect(errors).toEqual([["current_password", "wrong-password"]]);
      expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
    });

    it("is refused on the new password when it is too short, and keeps the old one", async () => {
      const hana = await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });

      const errors = fieldsOf(await errorOf(users.changePassword(hana.id, hana.email, PASSWORD, "short")));

      expect(errors).toEqual([["new_password", "too-short"]]);
      expect(await verifyPassword(PASSWORD, await passwordOf("hana@example.com"))).toBe(true);
    });

    it("cannot change another user's password by naming their email", async () => {
      const hana = await users.add({ name: "Hana", email: "hana@example.com", password: PASSWORD });
      await users.add({ name: "Mira", email: "mira@example.com", password: "mira's own password" });

      const errors = fieldsOf(await errorOf(users.changePassword(hana.id, "mira@example.com", "mira's own password", "a brand new password")));

      expect(errors).toEqual([["current_password", "wrong-password"]]);
      expect(await verifyPassword("mira's own password", await passwordOf("mira@example.com"))).toBe(true);
    });
  });
});
