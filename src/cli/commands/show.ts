import type { Command } from "commander";
import { executeRule } from "../../engine/execution/index.js";
import { memoryEngine } from "../../engine/memory/index.js";
import type { JsonObject, SearchSession } from "../../engine/types.js";
import { loadExecutableRule } from "../common.js";
import { type CliIO, EXIT_OK, UsageError } from "../io.js";
import type { RegisterCommand } from "./index.js";

export const registerShow: RegisterCommand = (program: Command, io: CliIO, exit) => {
  program
    .command("show")
    .description(
      "print the search (or _eql/search) request Kibana's detection engine sends for a rule's execution",
    )
    .argument("<rule>", "the rule's TOML file")
    .option("--at <time>", "execution time, ISO 8601 (default: now)")
    .action(async (rulePath: string, options: { at?: string }) => {
      const at = options.at ? new Date(options.at) : new Date();
      if (Number.isNaN(at.getTime()))
        throw new UsageError(`--at must be an ISO 8601 time, not "${options.at}"`);
      const rule = loadExecutableRule(rulePath, io);
      // The first search of an execution; later phases (new terms history, earliest documents) depend on its results.
      const requests: JsonObject[] = [];
      const session = await memoryEngine.open({ indices: [], documents: [] });
      const recording: SearchSession = {
        ...session,
        search: async (request) => {
          const { index, ...body } = request;
          requests.push({ index, ignore_unavailable: true, allow_no_indices: true, body });
          return session.search(request);
        },
        eqlSearch: async (request) => {
          requests.push({
            endpoint: "_eql/search",
            index: request.index,
            allow_no_indices: true,
            body: request.body,
          });
          return session.eqlSearch(request);
        },
      };
      await executeRule(rule, recording, [{ startedAt: at }]);
      io.stdout(`${JSON.stringify(requests[0], null, 2)}\n`);
      exit(EXIT_OK);
    });
};
