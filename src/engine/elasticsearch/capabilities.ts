/**
 * Which non-core field types the cluster has, found by mapping one field of each in a scratch index:
 * a node without a type's plugin answers "No handler for type [wildcard]".
 */
import { type Client, errors, type estypes } from "@elastic/elasticsearch";
import type { JsonObject } from "../types.js";

/** Extra parameters some types require to be mapped at all. */
const REQUIRED_PARAMETERS: Record<string, JsonObject> = {
  scaled_float: { scaling_factor: 100 },
};

function isMissingType(error: unknown): boolean {
  if (!(error instanceof errors.ResponseError) || error.meta.statusCode !== 400) return false;
  return /No handler for type|mapper type \[[^\]]*\] declared on field|does not support type/i.test(
    JSON.stringify(error.meta.body),
  );
}

/** Probes `types` in a scratch index named `scratchIndex` (deleted afterwards): type → supported. */
export async function probeFieldTypes(
  client: Client,
  types: Iterable<string>,
  scratchIndex: string,
): Promise<Map<string, boolean>> {
  const found = new Map<string, boolean>();
  const wanted = [...new Set(types)];
  if (wanted.length === 0) return found;
  await client.indices.create({
    index: scratchIndex,
    settings: { number_of_shards: 1, number_of_replicas: 0 },
  });
  try {
    for (const [position, type] of wanted.entries()) {
      const mapping = { type, ...REQUIRED_PARAMETERS[type] } as estypes.MappingProperty;
      try {
        await client.indices.putMapping({
          index: scratchIndex,
          properties: { [`probe_${position}`]: mapping },
        });
        found.set(type, true);
      } catch (error) {
        if (!isMissingType(error)) throw error;
        found.set(type, false);
      }
    }
  } finally {
    await client.indices.delete({ index: scratchIndex }, { ignore: [404] });
  }
  return found;
}
