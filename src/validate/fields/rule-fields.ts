/** `[metadata] integration` as a list of names. */
export function metadataIntegrations(metadata: Record<string, unknown> | undefined): string[] {
  const value = metadata?.integration;
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

export function ruleIndexPatterns(rule: Record<string, unknown>): string[] | undefined {
  return Array.isArray(rule.index) ? rule.index.filter((v): v is string => typeof v === "string") : undefined;
}
