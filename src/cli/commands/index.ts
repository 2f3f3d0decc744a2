import type { Command } from "commander";
import type { CliIO } from "../io.js";
import { registerCheck } from "./check.js";
import { registerCoverage } from "./coverage.js";
import { registerDeploy } from "./deploy.js";
import { registerDeprecate } from "./deprecate.js";
import { registerEql } from "./eql.js";
import { registerEsql } from "./esql.js";
import { registerExport } from "./export.js";
import { registerFields } from "./fields.js";
import { registerFmt } from "./fmt.js";
import { registerImport } from "./import.js";
import { registerKql } from "./kql.js";
import { registerRun } from "./run.js";
import { registerShow } from "./show.js";
import { registerTest } from "./test.js";
import { registerValidate } from "./validate.js";
import { registerVersion } from "./version.js";

/** Adds one command to the program; the command reports its exit code through `exit`. */
export type RegisterCommand = (program: Command, io: CliIO, exit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [
  registerCheck,
  registerValidate,
  registerExport,
  registerDeploy,
  registerImport,
  registerKql,
  registerFields,
  registerEsql,
  registerEql,
  registerTest,
  registerRun,
  registerShow,
  registerFmt,
  registerVersion,
  registerDeprecate,
  registerCoverage,
];
