import { applySpacePlan, type SpaceResult, spaceSucceeded } from "./apply.js";
import type { ApplyDefaults } from "./diff.js";
import { type KibanaClient, KibanaUnreachableError } from "./kibana-client.js";
import { type LocalRule, planSpace, type SpacePlan } from "./plan.js";

export interface DeployOptions {
  prune: boolean;
  dryRun: boolean;
  enabledDefault: boolean;
  applyDefaults: ApplyDefaults;
  /** Take over unmanaged rules whose rule_id a local rule has. */
  adopt?: boolean;
  /** Called with each space's plan before anything is written to it. */
  onPlan?: (plan: SpacePlan) => void;
  onProgress?: (space: string, done: number, total: number) => void;
}

export interface SpaceReport {
  space: string;
  plan?: SpacePlan;
  /** Absent on a dry run or when the space could not be read. */
  result?: SpaceResult;
  /** The space could not be read (unknown space, no access, unreachable). */
  error?: string;
}

/** Plans and (unless dry-run) applies the local rules to each space in turn; one failing space does not stop the rest. */
export async function deploy(
  client: KibanaClient,
  local: LocalRule[],
  spaces: string[],
  options: DeployOptions,
): Promise<SpaceReport[]> {
  const reports: SpaceReport[] = [];
  for (const space of spaces) {
    let plan: SpacePlan;
    try {
      const deployed = await client.findRules(space);
      plan = planSpace(space, local, deployed, options);
    } catch (error) {
      // Kibana out of reach, or answering nonsense: say so once and stop, rather than once per space.
      if (error instanceof KibanaUnreachableError) throw error;
      reports.push({ space, error: `cannot read space "${space}": ${(error as Error).message}` });
      continue;
    }
    options.onPlan?.(plan);
    if (options.dryRun) {
      reports.push({ space, plan });
      continue;
    }
    const result = await applySpacePlan(client, plan, {
      applyDefaults: options.applyDefaults,
      onProgress: (done, total) => options.onProgress?.(space, done, total),
    });
    reports.push({ space, plan, result });
  }
  return reports;
}

/** True when every space was read and (unless dry-run) every change applied and verified. */
export function deploySucceeded(reports: SpaceReport[], dryRun: boolean): boolean {
  return reports.every((report) => {
    if (report.error || !report.plan) return false;
    if (dryRun) return report.plan.entries.every((entry) => entry.action !== "conflict");
    return report.result !== undefined && spaceSucceeded(report.result);
  });
}
