/**
 * Field facts shared by the validator, the embedded engine and the Elasticsearch engine.
 * Names are flat dotted ECS names; multi-fields appear as their own entries (e.g. "process.name.text").
 */
export interface FieldSpec {
  name: string;
  /** Elasticsearch mapping type: keyword, constant_keyword, wildcard, text, match_only_text, long, integer,
   * short, byte, double, float, half_float, scaled_float, unsigned_long, date, date_nanos, boolean, ip,
   * geo_point, flattened, object, nested, ... */
  type: string;
  ignoreAbove?: number;
  /** constant_keyword value, when the index fixes it. */
  value?: string;
  scalingFactor?: number;
  /** Date format(s) for date fields, Elasticsearch syntax. */
  format?: string;
  /** For multi-fields: the parent field; for fields inside a nested object: the nested path. */
  parent?: string;
  nestedPath?: string;
  /** Where the definition came from: "ecs", "aws.cloudtrail", "custom:<file>", "dynamic". */
  source: string;
  aggregatable: boolean;
  /** false when the mapping sets `index: false` (the field cannot be searched, e.g. ECS event.original). */
  indexed?: boolean;
  /** For `object` fields with `object_type`: the type of every sub-field (e.g. ECS labels.* are keyword). */
  objectType?: string;
  /** From a cluster snapshot whose indices disagree on the field's type: type → the indices mapping it so. */
  conflictingTypes?: Record<string, string[]>;
}

/** The mapping of one concrete index as Elasticsearch would hold it. */
export interface IndexMapping {
  index: string;
  fields: ReadonlyMap<string, FieldSpec>;
  /** Unmapped fields are mapped by Elasticsearch's dynamic mapping rules. */
  dynamic: boolean;
}
