/**
 * ES|QL's aggregate functions over the values a group collected (multi-values count as separate values), by
 * registry name. COUNT_DISTINCT is exact: Elasticsearch's HyperLogLog++ is exact below its precision threshold
 * (3000 by default), which covers what rule tests index.
 */
import { type Cell, cellOf, compareScalars, type DataType, type Scalar } from "./values.js";

/** What an aggregation sees of one group: the values of its first argument, and per row the other arguments. */
export interface GroupInput {
  values: Scalar[];
  /** Rows that reached the aggregation (after its WHERE filter). */
  rows: number;
  /** For FIRST/LAST and WEIGHTED_AVG: per row, the first argument's cell and the second argument's cell. */
  pairs: [Cell, Cell][];
}

export type Aggregation = (input: GroupInput, type: DataType, options: Scalar[]) => Cell;

const numbers = (input: GroupInput) => input.values as number[];
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Linear interpolation between the closest ranks, as t-digest gives on small inputs. */
function percentile(values: number[], p: number): Cell {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (Math.min(Math.max(p, 0), 100) / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

function extreme(input: GroupInput, type: DataType, sign: number): Cell {
  if (input.values.length === 0) return null;
  return input.values.reduce((a, b) => (sign * compareScalars(b, a, type) > 0 ? b : a));
}

function variance(values: number[]): Cell {
  if (values.length === 0) return null;
  const mean = sum(values) / values.length;
  return sum(values.map((value) => (value - mean) ** 2)) / values.length;
}

function sortedUnique(values: Scalar[], type: DataType): Scalar[] {
  const sorted = [...values].sort((a, b) => compareScalars(a, b, type));
  return sorted.filter((value, i) => i === 0 || compareScalars(value, sorted[i - 1], type) !== 0);
}

/** The value at the earliest (FIRST) or latest (LAST) sort value of the group. */
function bySort(input: GroupInput, sign: number): Cell {
  let best: [Cell, Scalar] | undefined;
  for (const [value, sort] of input.pairs) {
    if (sort === null || Array.isArray(sort)) continue;
    if (!best || sign * compareScalars(sort, best[1], "long") > 0) best = [value, sort];
  }
  return best ? best[0] : null;
}

export const AGGREGATIONS: Record<string, Aggregation> = {
  count: (input) => input.values.length,
  count_distinct: (input, type) => sortedUnique(input.values, type).length,
  min: (input, type) => extreme(input, type, -1),
  max: (input, type) => extreme(input, type, 1),
  sum: (input) => (input.values.length === 0 ? null : sum(numbers(input))),
  avg: (input) => (input.values.length === 0 ? null : sum(numbers(input)) / input.values.length),
  median: (input) => percentile(numbers(input), 50),
  percentile: (input, _type, [p]) => percentile(numbers(input), Number(p)),
  median_absolute_deviation: (input) => {
    const median = percentile(numbers(input), 50);
    return median === null
      ? null
      : percentile(
          numbers(input).map((value) => Math.abs(value - (median as number))),
          50,
        );
  },
  std_dev: (input) => {
    const result = variance(numbers(input));
    return result === null ? null : Math.sqrt(result as number);
  },
  variance: (input) => variance(numbers(input)),
  values: (input, type) => cellOf(sortedUnique(input.values, type)),
  top: (input, type, [limit, order]) => {
    const sorted = [...input.values].sort((a, b) => compareScalars(a, b, type));
    if (String(order).toLowerCase() === "desc") sorted.reverse();
    return cellOf(sorted.slice(0, Number(limit)));
  },
  sample: (input, _type, [limit]) => cellOf(input.values.slice(0, Number(limit))),
  first: (input) => bySort(input, -1),
  last: (input) => bySort(input, 1),
  weighted_avg: (input) => {
    let total = 0;
    let weights = 0;
    for (const [value, weight] of input.pairs) {
      if (typeof value !== "number" || typeof weight !== "number") continue;
      total += value * weight;
      weights += weight;
    }
    return weights === 0 ? null : total / weights;
  },
};
