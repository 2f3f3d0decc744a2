import type { Command } from "commander";
import type { CliIO } from "../io.js";

/** Adds one command to the program; the command reports its exit code through `exit`. */
export type RegisterCommand = (program: Command, io: CliIO, exit: (code: number) => void) => void;

export const commands: RegisterCommand[] = [];
