/**
 * Deterministic CloudTrail events for the first rule (new terms on the session issuer ARN of assumed roles
 * denied `GetPasswordData`): mostly ordinary API activity over eight days, a burst in the last minutes,
 * thousands of roles, and a known set of roles that are new in the rule's window.
 */
import type { StoredDocument } from "../src/engine/types.js";
import { createRandom } from "../test/support/random.js";

export const CLOUDTRAIL_INDEX = "logs-aws.cloudtrail-default";

export interface EventsOptions {
  count: number;
  /** Execution time of the rule; events end here. */
  now: Date;
  days: number;
  /** Roles seen throughout the period. */
  roles: number;
  /** Roles denied only inside the window (a third of them also 8 days ago, outside the 7-day history). */
  newRoles: number;
  windowMs: number;
  seed: number;
}

export const DEFAULT_EVENTS: Omit<EventsOptions, "now"> = {
  count: 100_000,
  days: 8,
  roles: 2000,
  newRoles: 60,
  windowMs: 9 * 60_000,
  seed: 20240410,
};

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ACCOUNTS = Array.from({ length: 20 }, (_, i) => String(123456789000 + i * 7919));
const REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"];
const ROLE_NAMES = [
  "ci-deployer",
  "ops-admin",
  "data-pipeline",
  "lambda-exec",
  "breakglass",
  "readonly",
  "k8s-node",
];
/** Everyday calls: [provider, action, outcome-error]. */
const ORDINARY_CALLS: [string, string][] = [
  ["ec2.amazonaws.com", "DescribeInstances"],
  ["ec2.amazonaws.com", "RunInstances"],
  ["ec2.amazonaws.com", "DescribeSecurityGroups"],
  ["sts.amazonaws.com", "AssumeRole"],
  ["s3.amazonaws.com", "GetObject"],
  ["s3.amazonaws.com", "ListBuckets"],
  ["iam.amazonaws.com", "ListRoles"],
  ["signin.amazonaws.com", "ConsoleLogin"],
];

type Variant =
  | "match"
  | "ordinary"
  | "successful-call"
  | "iam-user"
  | "other-provider"
  | "other-error"
  | "no-session-issuer";

/** The share of each kind of event outside the injected new roles (cumulative thresholds). */
const VARIANTS: [Variant, number][] = [
  ["match", 0.08],
  ["successful-call", 0.11],
  ["iam-user", 0.13],
  ["other-provider", 0.14],
  ["other-error", 0.16],
  ["no-session-issuer", 0.17],
  ["ordinary", 1],
];

export function generateCloudTrailEvents(options: EventsOptions): StoredDocument[] {
  const random = createRandom(options.seed).next;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const end = options.now.getTime();
  const start = end - options.days * DAY;
  const windowStart = end - options.windowMs;
  const roleArn = (i: number, prefix = "") =>
    `arn:aws:iam::${ACCOUNTS[i % ACCOUNTS.length]}:role/${prefix}${ROLE_NAMES[i % ROLE_NAMES.length]}-${i}`;
  const documents: StoredDocument[] = [];
  const add = (variant: Variant, arn: string, ingestedAt: number) => {
    documents.push(cloudTrailEvent(documents.length, variant, arn, ingestedAt, random, pick));
  };
  // Injected: roles denied only inside the window; every third also denied eight days ago (outside history).
  for (let i = 0; i < options.newRoles; i++) {
    const arn = roleArn(i, "new-");
    if (i % 3 === 0) add("match", arn, start + random() * (DAY - MINUTE));
    add("match", arn, windowStart + MINUTE / 2 + random() * (options.windowMs - MINUTE));
  }
  // One percent of the rest arrives in the window, the others anywhere in the period.
  while (documents.length < options.count) {
    const inWindow = random() < 0.01;
    const ingestedAt = inWindow
      ? windowStart + random() * options.windowMs
      : start + random() * (end - start);
    const roll = random();
    const variant = VARIANTS.find(([, threshold]) => roll < threshold)![0];
    add(variant, roleArn(Math.floor(random() * options.roles)), Math.min(ingestedAt, end - 1000));
  }
  return documents;
}

function cloudTrailEvent(
  n: number,
  variant: Variant,
  issuerArn: string,
  ingestedAt: number,
  random: () => number,
  pick: <T>(items: readonly T[]) => T,
): StoredDocument {
  const [provider, action] =
    variant === "ordinary"
      ? pick(ORDINARY_CALLS)
      : [variant === "other-provider" ? "iam.amazonaws.com" : "ec2.amazonaws.com", "GetPasswordData"];
  const account = issuerArn.split(":")[4];
  const roleName = issuerArn.slice(issuerArn.lastIndexOf("/") + 1);
  const denied = variant !== "successful-call" && (variant !== "ordinary" || random() < 0.05);
  const errorCode =
    variant === "other-error"
      ? "Client.InvalidInstanceID.NotFound"
      : denied
        ? "Client.UnauthorizedOperation"
        : undefined;
  const session = `session-${n.toString(36)}`;
  const identity: Record<string, unknown> =
    variant === "iam-user"
      ? {
          type: "IAMUser",
          arn: `arn:aws:iam::${account}:user/${roleName}`,
          access_key_id: accessKey(n, "AKIA"),
        }
      : {
          type: "AssumedRole",
          arn: `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`,
          access_key_id: accessKey(n, "ASIA"),
          ...(variant === "no-session-issuer"
            ? {}
            : {
                session_context: {
                  session_issuer: {
                    type: "Role",
                    arn: issuerArn,
                    account_id: account,
                    principal_id: `AROA${n}`,
                  },
                },
              }),
        };
  const ip = `198.51.${Math.floor(random() * 256)}.${Math.floor(random() * 254) + 1}`;
  const timestamp = ingestedAt - 5000 - Math.floor(random() * 300_000);
  return {
    _index: CLOUDTRAIL_INDEX,
    _id: `ct-${String(n).padStart(6, "0")}`,
    _source: {
      "@timestamp": new Date(timestamp).toISOString(),
      event: {
        action,
        provider,
        dataset: "aws.cloudtrail",
        module: "aws",
        kind: "event",
        outcome: errorCode ? "failure" : "success",
        type: ["info"],
        ingested: new Date(ingestedAt).toISOString(),
      },
      cloud: { provider: "aws", region: pick(REGIONS), account: { id: account } },
      source: { ip, address: ip },
      user_agent: { original: `aws-cli/2.17.${Math.floor(random() * 60)} md/command#${action}` },
      data_stream: { type: "logs", dataset: "aws.cloudtrail", namespace: "default" },
      aws: {
        cloudtrail: {
          event_type: "AwsApiCall",
          event_category: "Management",
          recipient_account_id: account,
          request_parameters: `{instanceId=i-${(n * 2654435761).toString(16).padStart(17, "0").slice(-17)}}`,
          user_identity: identity,
          ...(errorCode
            ? { error_code: errorCode, error_message: "You are not authorized to perform this operation." }
            : {}),
        },
      },
    },
  };
}

function accessKey(n: number, prefix: string): string {
  return `${prefix}${n.toString(36).toUpperCase().padStart(16, "0")}`;
}

/**
 * The issuer ARNs the rule must report, worked out from the events without the engine: denied assumed-role
 * `GetPasswordData` calls with an issuer, ingested in the window, whose first such call in the 7-day history
 * is inside the window.
 */
export function expectedNewRoles(
  documents: readonly StoredDocument[],
  range: { from: Date; to: Date },
): string[] {
  const to = range.to.getTime();
  const from = range.from.getTime();
  const historyFrom = to - 7 * DAY;
  const firstSeen = new Map<string, number>();
  for (const { _source } of documents) {
    const event = _source.event as Record<string, string>;
    const trail = (_source.aws as { cloudtrail: Record<string, unknown> }).cloudtrail;
    const identity = trail.user_identity as {
      type: string;
      session_context?: { session_issuer: { arn: string } };
    };
    const arn = identity.session_context?.session_issuer.arn;
    const matches =
      event.dataset === "aws.cloudtrail" &&
      event.provider === "ec2.amazonaws.com" &&
      event.action === "GetPasswordData" &&
      identity.type === "AssumedRole" &&
      trail.error_code === "Client.UnauthorizedOperation";
    const at = Date.parse(event.ingested);
    if (!matches || arn === undefined || at < historyFrom || at > to) continue;
    firstSeen.set(arn, Math.min(firstSeen.get(arn) ?? Number.POSITIVE_INFINITY, at));
  }
  return [...firstSeen]
    .filter(([, at]) => at > from)
    .map(([arn]) => arn)
    .sort();
}
