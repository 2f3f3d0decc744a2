/** Sets of documents of one shard: one byte per document (1 = in the set). */
export type DocSet = Uint8Array;

export const emptySet = (size: number): DocSet => new Uint8Array(size);
export const fullSet = (size: number): DocSet => new Uint8Array(size).fill(1);

export function and(target: DocSet, other: DocSet): DocSet {
  for (let i = 0; i < target.length; i++) target[i] &= other[i];
  return target;
}

export function or(target: DocSet, other: DocSet): DocSet {
  for (let i = 0; i < target.length; i++) target[i] |= other[i];
  return target;
}

export function andNot(target: DocSet, other: DocSet): DocSet {
  for (let i = 0; i < target.length; i++) target[i] &= other[i] ^ 1;
  return target;
}

export function docsOf(set: DocSet): number[] {
  const docs: number[] = [];
  for (let i = 0; i < set.length; i++) if (set[i]) docs.push(i);
  return docs;
}
