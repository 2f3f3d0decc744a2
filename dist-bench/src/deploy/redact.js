/** Replaces every occurrence of a secret (and of its base64 form) in `text`; defence in depth for messages. */
export function redact(text, secrets) {
    let result = text;
    for (const secret of secrets) {
        if (secret.length < 4)
            continue;
        for (const form of [secret, Buffer.from(secret).toString("base64")]) {
            result = result.split(form).join("[REDACTED]");
        }
    }
    return result;
}
