import { describe, expect, it } from "vitest";
import { suspendedAccountMessage } from "../../lib/sign-in-messages.ts";
import { sessionEndConsequences } from "./logout-words.ts";

describe("what the ban and revoke dialogs say", () => {
  const opening = "They are signed out of this provider.";

  it("names the applications that are told and those that cannot be", () => {
    const text = sessionEndConsequences(
      { notified: [{ client_id: "a", client_name: "Notes" }], unreachable: [{ client_id: "b-id" }, { client_id: "c", client_name: "Wiki" }] },
      opening,
    );
    expect(text).toContain("Told at once (back-channel logout), and end their session there: Notes.");
    expect(text).toContain("Cannot be told (no back-channel logout URI): b-id, Wiki.");
    expect(text.startsWith(opening)).toBe(true);
  });

  it("says when no application holds tokens, and while it is still checking", () => {
    expect(sessionEndConsequences({ notified: [], unreachable: [] }, opening)).toContain("No application holds tokens for them.");
    expect(sessionEndConsequences(undefined, opening)).toContain("Checking");
  });

  it("tells a suspended person whom to contact, never to try again", () => {
    expect(suspendedAccountMessage("it@acme.example")).toContain("contact it@acme.example");
    expect(suspendedAccountMessage(undefined)).toContain("your administrator");
    expect(suspendedAccountMessage("x")).not.toMatch(/try again/i);
  });
});
