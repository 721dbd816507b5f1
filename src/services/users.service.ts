import { DomainError, ValidationError } from "../domain/errors.js";
import { validateNewPassword } from "../domain/password.js";
import type { User, UserRole } from "../domain/user.js";
import type { UserStore } from "../store/index.js";
import type { Clock } from "./clock.js";
import { hashPassword, verifyPassword } from "./passwords.js";

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$|^[^\s@]+@localhost$/;

/** Dependencies of the user service: the user store and a clock. */
export interface UserServiceDeps {
  users: UserStore;
  clock: Clock;
}

/** Creating people who can sign in and changing their passwords. */
export function createUserService({ users, clock }: UserServiceDeps) {
  return {
    async add(input: { name: string; email: string; password: string; role?: UserRole }): Promise<User> {
      const email = input.email.trim().toLowerCase();
      if (!EMAIL_SHAPE.test(email)) throw new ValidationError([{ field: "email", code: "invalid-email", message: `"${input.email}" is not an email address.` }]);
      const problem = validateNewPassword(input.password);
      if (problem) throw new ValidationError([problem]);
      if (await users.findCredentials(email)) throw new DomainError("conflict", `A user with the email ${email} already exists.`, "email");
      return users.create(
        { name: input.name.trim() || email.split("@")[0]!, email, passwordHash: await hashPassword(input.password), role: input.role ?? "owner" },
        clock(),
      );
    },

    async setPassword(email: string, password: string): Promise<void> {
      const problem = validateNewPassword(password);
      if (problem) throw new ValidationError([problem]);
      const found = await users.findCredentials(email);
      if (!found) throw new DomainError("not-found", `No user has the email ${email.trim().toLowerCase()}.`, "email");
      await users.setPasswordHash(found.user.id, await hashPassword(password));
    },

    /** Changes a signed-in user's password after checking the current one. */
    async changePassword(userId: number, email: string, current: string, next: string): Promise<void> {
      const found = await users.findCredentials(email);
      if (!found || found.user.id !== userId || !(await verifyPassword(current, found.passwordHash))) {
        throw new ValidationError([{ field: "current_password", code: "wrong-password", message: "The current password is not right." }]);
      }
      const problem = validateNewPassword(next);
      if (problem) throw new ValidationError([{ ...problem, field: "new_password" }]);
      await users.setPasswordHash(userId, await hashPassword(next));
    },

    list: () => users.list(),
    count: () => users.count(),
  };
}

export type UserService = ReturnType<typeof createUserService>;
