/** Replaces every occurrence of each secret (non-empty strings only) with ***, for messages and logs. */
export function redact(text: string, secrets: unknown[]): string {
  return secrets
    .filter((s): s is string => typeof s === 'string' && s.length > 0)
    .sort((a, b) => b.length - a.length)
    .reduce((out, secret) => out.split(secret).join('***'), text);
}
