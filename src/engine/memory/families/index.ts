/** The family module of each field type: where the embedded engine looks up what a field can do. */
import { type FieldFamily, fieldFamily } from "../../../semantics/field-types.js";
import * as boolean from "./boolean.js";
import * as constantKeyword from "./constant-keyword.js";
import * as date from "./date.js";
import type { DocValueKind, FamilyDocValues, FamilyQueries } from "./family.js";
import * as ip from "./ip.js";
import * as keyword from "./keyword.js";
import * as number from "./number.js";
import * as text from "./text.js";

export interface FamilyModule {
  queries: FamilyQueries;
  /** Undefined for families without doc values. */
  docValues: FamilyDocValues | undefined;
}

const MODULES: Partial<Record<FieldFamily, FamilyModule>> = {
  keyword,
  text,
  constant_keyword: constantKeyword,
  number,
  date,
  boolean,
  ip,
};

/** The module of a field type's family; undefined for containers and types the engine does not index. */
export function familyOf(type: string): FamilyModule | undefined {
  return MODULES[fieldFamily(type)];
}

const DOC_VALUES: Record<DocValueKind, FamilyDocValues> = {
  keyword: keyword.docValues,
  number: number.docValues,
  date: date.docValues,
  boolean: boolean.docValues,
  ip: ip.docValues,
};

/** The doc-value behaviour of a kind (aggregations keep the kind of the values they collected). */
export function docValuesOfKind(kind: DocValueKind): FamilyDocValues {
  return DOC_VALUES[kind];
}
