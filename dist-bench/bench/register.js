/**
 * Loaded with `node --import`: makes the compiled bench use the project's own build (`dist/`) instead of the
 * copy of `src/` that compiling the bench emits beside it. The shipped modules find their data files relative
 * to `dist/`, and the in-process figures then measure the same code as `node bin/dac.js`.
 */
import { register } from "node:module";
register("./redirect-src.js", import.meta.url);
