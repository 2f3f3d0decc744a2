import { describe, expect, it } from "vitest";
import { redact } from "../../src/deploy/redact.js";

describe("redact", () => {
  const key = "k3y/with+chars==";

  it.each([
    ["as is", key],
    ["URL-encoded", encodeURIComponent(key)],
    ["base64", Buffer.from(key).toString("base64")],
    ["base64url", Buffer.from(key).toString("base64url")],
    ["base64, URL-encoded", encodeURIComponent(Buffer.from(key).toString("base64"))],
  ])("removes the secret %s", (_, form) => {
    expect(redact(`server said: ${form}!`, [key])).toBe("server said: [REDACTED]!");
  });

  it("removes the credentials of Authorization headers, whatever the secret", () => {
    expect(redact("sent Authorization: Basic dXNlcjpwYXNz and ApiKey abcd1234==", [])).toBe(
      "sent Authorization: Basic [REDACTED] and ApiKey [REDACTED]",
    );
  });
});
