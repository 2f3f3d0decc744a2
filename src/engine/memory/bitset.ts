/** Sets of documents of one shard: one byte per document (1 = in the set). */
export type DocSet = Uint8Array;

export const emptySet = (size: number): DocSet => new Uint8Array(size);
export const fullSet = (size: number): DocSet => new Uint8Array(size).fill(1);

export function fromDocs(size: number, docs: Iterable<number>): DocSet {
  const set = new Uint8Array(size);
  for (const doc of docs) set[doc] = 1;
  return set;
}

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

/** A set from a per-document predicate over the documents that have values. */
export function where<T>(
  size: number,
  values: readonly (T | undefined)[],
  test: (value: T) => boolean,
): DocSet {
  const set = new Uint8Array(size);
  for (let doc = 0; doc < values.length; doc++) {
    const value = values[doc];
    if (value !== undefined && test(value)) set[doc] = 1;
  }
  return set;
}
