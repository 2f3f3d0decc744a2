export const emptySet = (size) => new Uint8Array(size);
export const fullSet = (size) => new Uint8Array(size).fill(1);
export function fromDocs(size, docs) {
    const set = new Uint8Array(size);
    for (const doc of docs)
        set[doc] = 1;
    return set;
}
export function and(target, other) {
    for (let i = 0; i < target.length; i++)
        target[i] &= other[i];
    return target;
}
export function or(target, other) {
    for (let i = 0; i < target.length; i++)
        target[i] |= other[i];
    return target;
}
export function andNot(target, other) {
    for (let i = 0; i < target.length; i++)
        target[i] &= other[i] ^ 1;
    return target;
}
export function docsOf(set) {
    const docs = [];
    for (let i = 0; i < set.length; i++)
        if (set[i])
            docs.push(i);
    return docs;
}
/** A set from a per-document predicate over the documents that have values. */
export function where(size, values, test) {
    const set = new Uint8Array(size);
    for (let doc = 0; doc < values.length; doc++) {
        const value = values[doc];
        if (value !== undefined && test(value))
            set[doc] = 1;
    }
    return set;
}
