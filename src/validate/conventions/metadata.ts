import type { Finding } from "../../findings/finding.js";
import { findingAt, inDeprecatedDirectory, type RuleCheck, type RuleContext } from "../check.js";

/** Maturity values of Elastic's detection-rules repository. */
export const MATURITIES = ["development", "experimental", "beta", "production", "deprecated"] as const;

const DATE = /^(\d{4})\/(\d{2})\/(\d{2})$/;

/** [metadata]: dates, maturity, and where deprecated rules live. */
export const metadataCheck: RuleCheck = (context) => [
  ...dates(context),
  ...maturity(context),
  ...deprecation(context),
];

function dates(context: RuleContext): Finding[] {
  const findings: Finding[] = [];
  const parsed: Record<string, string> = {};
  for (const key of ["creation_date", "updated_date"] as const) {
    const value = context.metadata[key];
    if (value === undefined) {
      findings.push(
        findingAt(
          context,
          "metadata-date-missing",
          ["metadata"],
          `metadata has no ${key}`,
          `${key} = "YYYY/MM/DD"`,
        ),
      );
    } else if (typeof value !== "string" || !isCalendarDate(value)) {
      findings.push(
        findingAt(
          context,
          "metadata-date-invalid",
          ["metadata", key],
          `${key} ${JSON.stringify(value)} is not a valid date in the form YYYY/MM/DD`,
        ),
      );
    } else {
      parsed[key] = value;
    }
  }
  if (parsed.creation_date && parsed.updated_date && parsed.updated_date < parsed.creation_date) {
    findings.push(
      findingAt(
        context,
        "metadata-date-order",
        ["metadata", "updated_date"],
        `updated_date ${parsed.updated_date} is earlier than creation_date ${parsed.creation_date}`,
      ),
    );
  }
  const deprecationDate = context.metadata.deprecation_date;
  if (
    deprecationDate !== undefined &&
    (typeof deprecationDate !== "string" || !isCalendarDate(deprecationDate))
  ) {
    findings.push(
      findingAt(
        context,
        "metadata-date-invalid",
        ["metadata", "deprecation_date"],
        `deprecation_date ${JSON.stringify(deprecationDate)} is not a valid date in the form YYYY/MM/DD`,
      ),
    );
  }
  return findings;
}

/** YYYY/MM/DD naming a real day (no 2024/02/30). */
function isCalendarDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

function maturity(context: RuleContext): Finding[] {
  const value = context.metadata.maturity;
  if (value === undefined || (MATURITIES as readonly unknown[]).includes(value)) return [];
  return [
    findingAt(
      context,
      "maturity-unknown",
      ["metadata", "maturity"],
      `maturity ${JSON.stringify(value)} is not one of ${MATURITIES.join(", ")}`,
    ),
  ];
}

function deprecation(context: RuleContext): Finding[] {
  const markedDeprecated = context.metadata.maturity === "deprecated";
  const inDeprecatedDir = inDeprecatedDirectory(context.file.path);
  const findings: Finding[] = [];
  if (markedDeprecated && !inDeprecatedDir) {
    findings.push(
      findingAt(
        context,
        "deprecated-location",
        ["metadata", "maturity"],
        "deprecated rule outside a _deprecated directory",
        "move the file to rules/_deprecated/",
      ),
    );
  } else if (inDeprecatedDir && !markedDeprecated) {
    findings.push(
      findingAt(
        context,
        "deprecated-location",
        ["metadata", context.metadata.maturity === undefined ? "" : "maturity"].filter(Boolean),
        `rule in a _deprecated directory but maturity is ${JSON.stringify(context.metadata.maturity ?? null)}`,
        'set maturity = "deprecated" and a deprecation_date, or move the rule out of _deprecated/',
      ),
    );
  }
  if (markedDeprecated && context.metadata.deprecation_date === undefined) {
    findings.push(
      findingAt(
        context,
        "deprecated-date-missing",
        ["metadata", "maturity"],
        "deprecated rule without deprecation_date",
        'deprecation_date = "YYYY/MM/DD"',
      ),
    );
  }
  return findings;
}
