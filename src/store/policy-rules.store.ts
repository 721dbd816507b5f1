import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

/** One rule of the comment policy, e.g. { key: "kind", text: "Be kind to other readers." }. */
export interface PolicyRule {
  key: string;
  text: string;
}

/** The comment policy's rules, in the order the owner wrote them. */
export function createPolicyRuleStore(db: Kysely<Database>) {
  return {
    async list(blogId: number): Promise<PolicyRule[]> {
      return db.selectFrom("policyRules").select(["key", "text"]).where("blogId", "=", blogId).orderBy("position").execute();
    },

    /** Replaces all rules (call inside a transaction). */
    async replace(blogId: number, rules: readonly PolicyRule[]): Promise<void> {
      await db.deleteFrom("policyRules").where("blogId", "=", blogId).execute();
      if (rules.length > 0) {
        await db
          .insertInto("policyRules")
          .values(rules.map((rule, position) => ({ blogId, key: rule.key, text: rule.text, position })))
          .execute();
      }
    },
  };
}

export type PolicyRuleStore = ReturnType<typeof createPolicyRuleStore>;
