import { it } from "vitest";
import { openCatalog } from "../../../src/catalog/catalog.js";
import { mappingForIndex } from "../../../src/catalog/mapping.js";
it("x", () => {
const cat = openCatalog();
const m = mappingForIndex("logs-aws.cloudtrail-default", cat);
const types = new Map<string, number>();
for (const s of m.fields.values()) types.set(s.type, (types.get(s.type) ?? 0) + 1);
console.log(m.fields.size, Object.fromEntries(types));
const keys = new Set<string>();
for (const s of m.fields.values()) for (const k of Object.keys(s)) keys.add(k);
console.log([...keys]);
let n=0;
for (const s of m.fields.values()) if (s.indexed === false || s.objectType || s.nestedPath || s.format || s.scalingFactor || s.type==="object"|| s.type==="flattened"|| s.type==="nested"|| s.type==="constant_keyword") { if (n++<60) console.log(JSON.stringify(s)); }
console.log(JSON.stringify(m.fields.get("message")), JSON.stringify(m.fields.get("process.command_line")), JSON.stringify(m.fields.get("process.command_line.text")));
});
