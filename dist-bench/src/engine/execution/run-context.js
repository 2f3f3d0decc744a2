import { parseIsoDate } from "./date-math.js";
import { readField } from "./timestamps.js";
/** kibana.alert.original_time comes from @timestamp, whatever timestamp the rule searched on. */
export function sourceTimestamp(source) {
    const value = readField(source, "@timestamp");
    const first = Array.isArray(value) ? value[0] : value;
    if (first === undefined || first === null)
        return undefined;
    const time = typeof first === "number" ? first : parseIsoDate(String(first))?.getTime();
    return time === undefined ? String(first) : new Date(time).toISOString();
}
