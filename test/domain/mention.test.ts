import { describe, expect, it } from "vitest";
import { decideNewMention } from "../../src/domain/mention.js";

// A page elsewhere that links to a post is moderated like a comment from a stranger.

describe("what happens to a new mention", () => {
  const stranger = { host: "elsewhere.example", hostApprovedBefore: false };
  const friend = { host: "friend.example", hostApprovedBefore: true };

  it("shows at once on an open blog", () => {
    expect(decideNewMention("open", stranger)).toEqual({ status: "approved", reason: null });
  });

  it("waits under 'hold first' until a mention from the same site was approved", () => {
    expect(decideNewMention("hold-first", stranger)).toEqual({ status: "pending", reason: "first mention from elsewhere.example" });
    expect(decideNewMention("hold-first", friend)).toEqual({ status: "approved", reason: null });
  });

  it("always waits under 'hold all', and when comments are closed", () => {
    expect(decideNewMention("hold-all", friend)).toEqual({ status: "pending", reason: "all comments are held" });
    expect(decideNewMention("closed", friend)).toEqual({ status: "pending", reason: "comments are closed" });
  });
});
