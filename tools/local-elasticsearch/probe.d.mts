import type { Client } from "@elastic/elasticsearch";

export interface ProbeResult {
  /** version.number from GET / */
  version: string;
  /** feature name → whether the cluster accepted it and answered as expected */
  supported: Record<string, boolean>;
  /** feature name → first line of the error, for unsupported features */
  reasons: Record<string, string>;
}

export declare const FIELD_TYPE_PROBES: Record<string, { mapping: Record<string, unknown>; value: unknown }>;
export declare const ANALYZER_PROBES: string[];
export declare function probeElasticsearch(client: Client, prefix?: string): Promise<ProbeResult>;
