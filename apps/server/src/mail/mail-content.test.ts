import { describe, expect, it } from "vitest";
import { invitationMail, resetPasswordMail, verifyEmailMail } from "./account-mails.ts";
import { DEFAULT_RETRY_POLICY, retryDelayMs } from "./mail-queue.ts";
import { productName } from "./product.ts";
import { describeDeliveryError } from "./smtp-transport.ts";

const LINK = "https://id.example.com/api/auth/verify-email?token=abc.def&callbackURL=https%3A%2F%2Fapp.example%2F";

describe("mail content", () => {
  it("has plain text and HTML with exactly one link, the action's, and the product name from one place", () => {
    for (const mail of [verifyEmailMail("Ann", LINK), resetPasswordMail("Ann", LINK), invitationMail(LINK, new Date("2030-01-01T00:00:00Z"))]) {
      expect(mail.text).toContain(LINK);
      expect(mail.text.match(/https?:\/\//g)).toHaveLength(1);
      expect(mail.subject).toContain(productName());
      const hrefs = [...mail.html.matchAll(/href="([^"]+)"/g)].map((match) => match[1]?.replaceAll("&amp;", "&"));
      expect(new Set(hrefs)).toEqual(new Set([LINK]));
    }
  });

  it("escapes what a person typed (their name) in the HTML", () => {
    const mail = verifyEmailMail('<img src=x onerror="alert(1)">', LINK);
    expect(mail.html).not.toContain("<img");
    expect(mail.html).toContain("&lt;img");
  });
});

describe("delivery retries", () => {
  it("back off by doubling from the base delay up to the ceiling", () => {
    const delays = [1, 2, 3, 10, 20].map((attempts) => retryDelayMs(DEFAULT_RETRY_POLICY, attempts));
    expect(delays).toEqual([30_000, 60_000, 120_000, 3_600_000, 3_600_000]);
  });

  it("keep links out of the recorded error", () => {
    const described = describeDeliveryError(new Error(`550 rejected message containing ${LINK} for ann@example.com`));
    expect(described).not.toContain("token=");
    expect(described).toContain("[url]");
    expect(describeDeliveryError(new Error("x".repeat(2_000)))).toHaveLength(500);
  });
});
