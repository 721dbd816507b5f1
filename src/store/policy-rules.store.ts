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

    /**
     * Sets the text of the rule with this key, or adds the rule after the others when the
     * blog has none by that key (call inside a transaction).
     */
    async upsert(blogId: number, rule: PolicyRule): Promise<"created" | "changed" | "unchanged"> {
      const existing = await db.selectFrom("policyRules").select("text").where("blogId", "=", blogId).where("key", "=", rule.key).executeTakeFirst();
      if (existing?.text === rule.text) return "unchanged";
      if (existing) {
        await db.updateTable("policyRules").set({ text: rule.text }).where("blogId", "=", blogId).where("key", "=", rule.key).execute();
        return "changed";
      }
      const last = await db.selectFrom("policyRules").select((eb) => eb.fn.max("position").as("position")).where("blogId", "=", blogId).executeTakeFirst();
      const position = last?.position === null || last?.position === undefined ? 0 : Number(last.position) + 1;
      await db.insertInto("policyRules").values({ blogId, key: rule.key, text: rule.text, position }).execute();
      return "created";
    },
  };
}

export type PolicyRuleStore = ReturnType<typeof createPolicyRuleStore>;
