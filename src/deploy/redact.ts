/** Credentials in an Authorization header, whatever the secret is. */
const AUTHORIZATION = /\b(ApiKey|Basic|Bearer)\s+[A-Za-z0-9+/=._~%-]{4,}/g;

/**
 * Replaces every occurrence of a secret in `text`, in the forms a server may echo it: as is, URL-encoded,
 * base64 and base64 URL-encoded; and the credentials of any `ApiKey`/`Basic`/`Bearer` header. Defence in
 * depth for every message that leaves the process.
 */
export function redact(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    const base64 = Buffer.from(secret).toString("base64");
    const forms = new Set([
      secret,
      encodeURIComponent(secret),
      base64,
      encodeURIComponent(base64),
      Buffer.from(secret).toString("base64url"),
    ]);
    // Longest first, so that a form containing another is replaced whole.
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
      result = result.split(form).join("[REDACTED]");
    }
  }
  return result.replace(AUTHORIZATION, "$1 [REDACTED]");
}
