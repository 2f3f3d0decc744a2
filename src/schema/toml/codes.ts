import { defineCodes } from "../../findings/code.js";

/** Codes the rule-file loader emits while reading TOML. */
export const LOAD_CODE_DECLARATIONS = defineCodes("Reading files", {
  "toml-syntax": { severity: "error", description: "the file is not valid TOML" },
  "toml-duplicate-key": { severity: "error", description: "a key is defined twice in the same table" },
  "not-a-rule": { severity: "error", description: "the file has no [rule] table" },
  "invalid-structure": { severity: "error", description: "[rule] or [metadata] is not a table" },
  unreadable: { severity: "error", description: "the file cannot be read" },
  "not-utf8": { severity: "error", description: "the file is not valid UTF-8" },
  "path-not-found": { severity: "error", description: "a path given on the command line does not exist" },
  "no-rules-found": { severity: "error", description: "a path holds no `*.toml` rule files" },
});

/** Codes `dac fmt` emits. */
export const FORMAT_CODE_DECLARATIONS = defineCodes("Formatting", {
  "not-canonical": {
    severity: "error",
    description: "file is not in the canonical TOML layout (`fmt --check`)",
  },
  "write-failed": { severity: "error", description: "the formatted file cannot be written" },
});
