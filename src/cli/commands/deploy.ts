import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import type { DacConfig } from "../../config/config.js";
import {
  DEFAULT_DEADLINE_S,
  DEFAULT_REQUEST_TIMEOUT_S,
  type KibanaConnection,
  resolveConnection,
} from "../../deploy/connection.js";
import { deploy, deploySucceeded } from "../../deploy/deploy.js";
import type { exportRules } from "../../deploy/export.js";
import { nodeTransport } from "../../deploy/http.js";
import { createKibanaClient, type KibanaClient } from "../../deploy/kibana-client.js";
import type { LocalRule } from "../../deploy/plan.js";
import {
  formatGithubAnnotations,
  formatJson,
  formatPlanHuman,
  formatResultsHuman,
} from "../../deploy/report.js";
import { validatedExport } from "../../deploy/validated-export.js";
import { withApiDefaults } from "../../schema/convert.js";
import type { RuleFile } from "../../schema/rule-file.js";
import { displayPath, loadRules, outputFormat, readConfig } from "../common.js";
import { countBySeverity, formatFindings } from "../findings-output.js";
import { type CliIO, EXIT_FAILED, EXIT_OK } from "../io.js";
import type { RegisterCommand } from "./index.js";

export interface KibanaTargetOptions {
  space: string[];
  env?: string;
  url?: string;
  ca?: string;
  config?: string;
  requestTimeout?: string;
  deadline?: string;
}

interface DeployCommandOptions extends KibanaTargetOptions {
  prune?: boolean;
  adopt?: boolean;
  dryRun?: boolean;
  format?: string;
}

export const registerDeploy: RegisterCommand = (program: Command, io: CliIO, exit) => {
  addTargetOptions(
    program
      .command("deploy")
      .description("validate rules, then create/update them in Kibana spaces (plan, apply, verify)")
      .argument(
        "[paths...]",
        "rule files or directories (default: `rules` from dac.config.yaml, else ./rules)",
      ),
  )
    .option("--prune", "delete rules deployed by dac that are no longer in the repository")
    .option("--dry-run", "print the plan and the diffs, write nothing")
    .option(
      "--adopt",
      'take over rules in Kibana that have a local rule_id but not the "Managed: dac" tag (default: leave them, as conflicts)',
    )
    .option(
      "--format <format>",
      "output format: human, json, github (default: human, github in GitHub Actions)",
    )
    .action(async (paths: string[], options: DeployCommandOptions) => {
      exit(await runDeploy(paths, options, io));
    });
};

/** --space/--env/--url/--ca/--config, shared with `dac import`. Credentials only come from the environment. */
export function addTargetOptions(command: Command): Command {
  return command
    .option(
      "--space <id>",
      "Kibana space (repeatable; default: the environment's spaces, KIBANA_SPACE, default)",
      collect,
      [],
    )
    .option("--env <name>", "named environment from dac.config.yaml")
    .option("--url <url>", "Kibana URL (default: the environment's url, else KIBANA_URL)")
    .option("--ca <file>", "PEM file of a private certificate authority to trust")
    .option(
      "--request-timeout <seconds>",
      `longest wait for one Kibana response (default: DAC_REQUEST_TIMEOUT, the environment's request_timeout, else ${DEFAULT_REQUEST_TIMEOUT_S})`,
    )
    .option(
      "--deadline <seconds>",
      `longest the command waits on Kibana in all, retries included (default: DAC_DEADLINE, the environment's deadline, else ${DEFAULT_DEADLINE_S})`,
    )
    .option("--config <file>", "configuration file (default: dac.config.yaml in this or a parent directory)");
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function runDeploy(paths: string[], options: DeployCommandOptions, io: CliIO): Promise<number> {
  const format = outputFormat(options.format, io);
  const config = readConfig(io, options.config, paths);
  const { connection, client } = connect(options, config, io);

  const files = loadRules(paths, config, io);
  const { validation, exported } = validatedExport(files, config);
  const errors = [...validation.findings.filter((f) => f.severity === "error"), ...exported.failures];
  if (countBySeverity(errors).error > 0) {
    const shown = dedupeFindings(errors).map((f) => ({ ...f, file: displayPath(f.file, io.cwd) }));
    io.stdout(
      formatFindings(format, { files: validation.files, rules: validation.rules, findings: shown }, 0),
    );
    io.stderr("dac: nothing deployed: fix the errors above first\n");
    return EXIT_FAILED;
  }
  const local = localRules(exported.rules, files, io.cwd);
  const dryRun = Boolean(options.dryRun);
  const progress = io.interactive && format === "human";
  const reports = await deploy(client, local, connection.spaces, {
    prune: Boolean(options.prune),
    adopt: Boolean(options.adopt),
    dryRun,
    enabledDefault: connection.enabledDefault,
    applyDefaults: withApiDefaults,
    onPlan: (plan) => {
      if (format !== "json") io.stdout(formatPlanHuman(plan, dryRun));
    },
    onProgress: progress
      ? (space, done, total) => {
          io.stderr(done === total ? "\r\x1b[K" : `\r\x1b[Kdeploying to "${space}": ${done}/${total} rules`);
        }
      : undefined,
  });
  const success = deploySucceeded(reports, dryRun);
  if (format === "json") io.stdout(formatJson(reports, dryRun, success));
  else {
    io.stdout(formatResultsHuman(reports, dryRun));
    if (format === "github") io.stdout(formatGithubAnnotations(reports));
    io.stdout(success ? `deploy to ${connection.label}: ok\n` : `deploy to ${connection.label}: FAILED\n`);
  }
  return success ? EXIT_OK : EXIT_FAILED;
}

/**
 * The export bodies (the same as `dac export` writes), except that `enabled` and `version` stay out when
 * the file does not set them: the plan fills `enabled` from the environment and `version` from Kibana.
 */
function localRules(
  exported: ReturnType<typeof exportRules>["rules"],
  files: RuleFile[],
  cwd: string,
): LocalRule[] {
  const byPath = new Map(files.map((file) => [file.path, file]));
  return exported.map((rule) => {
    const file = byPath.get(rule.file);
    const body = { ...rule.body };
    if (file?.rule?.enabled === undefined) delete body.enabled;
    if (file?.rule?.version === undefined) delete body.version;
    return { body, file: displayPath(rule.file, cwd), line: file?.positionOf(["rule", "rule_id"]).line };
  });
}

export function connect(
  options: KibanaTargetOptions,
  config: DacConfig,
  io: CliIO,
): { connection: KibanaConnection; client: KibanaClient } {
  const { connection, warnings } = resolveConnection(
    {
      url: options.url,
      env: options.env,
      spaces: options.space,
      ca: options.ca && resolve(io.cwd, options.ca),
      requestTimeout: options.requestTimeout,
      deadline: options.deadline,
    },
    io.env,
    config,
    (path) => readFileSync(path, "utf8"),
  );
  for (const warning of warnings) io.stderr(`dac: warning: ${warning}\n`);
  const client = createKibanaClient(connection, {
    transport: nodeTransport({ ca: connection.ca }),
    timeoutMs: connection.requestTimeoutMs,
    deadline: Date.now() + connection.deadlineMs,
    onRetry: ({ request, attempt, attempts, delayMs, reason }) =>
      io.stderr(
        `dac: ${request}: ${reason}; retrying in ${(delayMs / 1000).toFixed(1)} s, attempt ${attempt + 1}/${attempts}\n`,
      ),
  });
  return { connection, client };
}

function dedupeFindings<
  T extends { file: string; line: number; column: number; code: string; message: string },
>(findings: T[]): T[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.file}:${f.line}:${f.column}:${f.code}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
