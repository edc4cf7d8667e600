import { describe, expect, it } from "vitest";
import { signInMessage, supportContactOf } from "./sign-in-messages";

describe("the suspended account message", () => {
  it("names the support contact from the console's settings before the deployment's", () => {
    expect(supportContactOf({ support_email: "help@acme.example", support_url: null }, "ops@deploy.example")).toBe("help@acme.example");
    expect(supportContactOf({ support_email: null, support_url: "https://acme.example/help" }, "ops@deploy.example")).toBe("https://acme.example/help");
    expect(supportContactOf({ support_email: null, support_url: null }, "ops@deploy.example")).toBe("ops@deploy.example");
    expect(signInMessage("account_suspended", undefined)).toContain("contact your administrator");
    expect(signInMessage("account_suspended", "help@acme.example")).toContain("contact help@acme.example");
  });
});
