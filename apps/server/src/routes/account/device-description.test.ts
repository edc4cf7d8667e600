import { describe, expect, it } from "vitest";
import { describeDevice, displayAddress } from "./device-description.ts";

describe("describeDevice", () => {
  it("names browser, version and system in plain words", () => {
    expect(describeDevice("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.7390.37 Safari/537.36")).toBe(
      "Chrome 141 on Linux",
    );
    expect(describeDevice("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0")).toBe("Firefox 128 on Windows 10");
    expect(
      describeDevice("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"),
    ).toBe("Safari 17 on iPhone (iOS 17.0)");
  });

  it("keeps a script's product token and says when nothing is known", () => {
    expect(describeDevice("curl/8.5.0")).toBe("curl 8.5.0");
    expect(describeDevice("")).toBe("Unknown device");
    expect(describeDevice(null)).toBe("Unknown device");
  });
});

describe("displayAddress", () => {
  it("writes IPv6 compressed, as the audit log does, and leaves IPv4 alone", () => {
    expect(displayAddress("0000:0000:0000:0000:0000:0000:0000:0001")).toBe("::1");
    expect(displayAddress("2001:0db8:0000:0000:0000:0000:0000:0001")).toBe("2001:db8::1");
    expect(displayAddress("203.0.113.7")).toBe("203.0.113.7");
    expect(displayAddress("")).toBeUndefined();
  });
});
