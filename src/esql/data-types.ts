/** The column types of an ES|QL response, plus the span types of `1 hour` / `1 month` literals. */
export type DataType =
  | "keyword"
  | "text"
  | "integer"
  | "long"
  | "unsigned_long"
  | "double"
  | "boolean"
  | "date"
  | "date_nanos"
  | "ip"
  | "version"
  | "geo_point"
  | "null"
  | "unsupported"
  | "time_duration"
  | "date_period";
