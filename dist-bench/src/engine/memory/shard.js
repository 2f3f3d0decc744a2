import { analyze } from "./analyzer.js";
import { fieldKind, indexValue, ValueError } from "./field-types.js";
/** A document violates its index's mapping: Elasticsearch rejects it with a mapper_parsing_exception. */
export class MappingViolation extends Error {
}
export function createShard(name, mapping, nestedPath) {
    const constants = new Map();
    for (const spec of mapping.fields()) {
        if (spec.type === "constant_keyword" && spec.value !== undefined)
            constants.set(spec.name, spec.value);
    }
    return { name, mapping, docs: [], fields: new Map(), nested: new Map(), constants, nestedPath };
}
function isPlainObject(value) {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}
/** Flattens a source like Elasticsearch's object mapper: dotted keys, objects and arrays of values. */
function extract(source, mapping, nestedPath) {
    const result = { leaves: new Map(), nested: new Map() };
    const walk = (value, path) => {
        if (value === null || value === undefined)
            return;
        const spec = mapping.get(path);
        if (spec?.type === "nested" && path !== nestedPath) {
            const objects = (Array.isArray(value) ? value.flat(Number.POSITIVE_INFINITY) : [value]).filter((v) => v !== null);
            for (const object of objects) {
                if (!isPlainObject(object))
                    throw new FieldViolation(path, concreteValueMessage(path));
                result.nested.set(path, [...(result.nested.get(path) ?? []), object]);
            }
            return;
        }
        if (spec?.type === "flattened") {
            collectFlattened(value, path, path, result.leaves);
            return;
        }
        if (Array.isArray(value)) {
            for (const element of value)
                walk(element, path);
            return;
        }
        if (isPlainObject(value)) {
            if (spec && fieldKind(spec.type) !== "object" && fieldKind(spec.type) !== "nested") {
                if (fieldKind(spec.type) === "unsupported")
                    return;
                throw new FieldViolation(path, `field of type [${spec.type}]: Can't get text on a START_OBJECT`);
            }
            for (const [key, child] of Object.entries(value))
                walk(child, path === "" ? key : `${path}.${key}`);
            return;
        }
        if (mapping.isObject(path) || spec?.type === "nested")
            throw new FieldViolation(path, concreteValueMessage(path));
        const leaves = result.leaves.get(path);
        if (leaves)
            leaves.push(value);
        else
            result.leaves.set(path, [value]);
    };
    walk(source, nestedPath ?? "");
    return result;
}
function concreteValueMessage(path) {
    return `object mapping for [${path}] tried to parse field [${path}] as object, but found a concrete value`;
}
/** Flattened fields index every leaf as a keyword, under the root and under `root.key`. */
function collectFlattened(value, root, path, leaves) {
    if (value === null || value === undefined)
        return;
    if (Array.isArray(value)) {
        for (const element of value)
            collectFlattened(element, root, path, leaves);
        return;
    }
    if (isPlainObject(value)) {
        for (const [key, child] of Object.entries(value))
            collectFlattened(child, root, `${path}.${key}`, leaves);
        return;
    }
    const text = String(value);
    leaves.set(root, [...(leaves.get(root) ?? []), text]);
    if (path !== root)
        leaves.set(path, [...(leaves.get(path) ?? []), text]);
}
function fieldIndex(shard, spec, kind) {
    let index = shard.fields.get(spec.name);
    if (!index) {
        index = { spec, kind, values: [], present: [], postings: new Map() };
        if (kind === "text")
            index.tokens = [];
        shard.fields.set(spec.name, index);
    }
    return index;
}
function addPosting(index, term, doc) {
    const docs = index.postings.get(term);
    if (!docs)
        index.postings.set(term, [doc]);
    else if (docs[docs.length - 1] !== doc)
        docs.push(doc);
}
function prepareLeaf(shard, spec, raws, pending) {
    const kind = fieldKind(spec.type);
    if (kind === "constant_keyword") {
        for (const raw of raws) {
            const text = String(raw);
            const current = shard.constants.get(spec.name) ??
                pending.find((u) => u.kind === "constant" && u.spec.name === spec.name)?.value;
            if (current !== undefined && current !== text) {
                throw new ValueError(`[constant_keyword] field [${spec.name}] only accepts values that are equal to the value defined in the mappings [${current}], but got [${text}]`);
            }
            if (current === undefined)
                pending.push({ kind: "constant", spec, value: text });
        }
        return;
    }
    if (kind === "flattened") {
        prepareLeaf(shard, { ...spec, type: "keyword" }, raws, pending);
        return;
    }
    if (kind === "object" || kind === "nested" || kind === "unsupported")
        return;
    if (kind === "text") {
        const texts = raws.map((raw) => indexValue(spec, raw));
        const tokens = analyze(texts);
        pending.push({
            kind,
            spec,
            values: [...new Set(tokens.map((token) => token.term))],
            tokens,
            present: true,
        });
        return;
    }
    const values = [];
    for (const raw of raws) {
        const value = indexValue(spec, raw);
        if (value !== undefined)
            values.push(value);
    }
    pending.push({ kind, spec, values, present: values.length > 0 });
}
function applyUpdate(shard, update, doc) {
    if (update.kind === "constant") {
        shard.constants.set(update.spec.name, update.value);
        return;
    }
    if (!update.present)
        return;
    const index = fieldIndex(shard, update.spec, update.kind);
    if (update.kind === "keyword" || update.kind === "text" || update.kind === "boolean") {
        for (const value of update.values)
            addPosting(index, value, doc);
    }
    if (update.tokens)
        index.tokens[doc] = update.tokens;
    else
        index.values[doc] = update.values;
    index.present.push(doc);
}
function specFor(shard, path, raws) {
    return (shard.mapping.get(path) ??
        flattenedKeyedSpec(shard.mapping, path) ??
        shard.mapping.addDynamic(path, raws[0]));
}
function flattenedRoot(mapping, path) {
    for (let dot = path.lastIndexOf("."); dot > 0; dot = path.lastIndexOf(".", dot - 1)) {
        const spec = mapping.get(path.slice(0, dot));
        if (spec?.type === "flattened")
            return spec;
    }
    return undefined;
}
function prepareSource(shard, source) {
    const extracted = extract(source, shard.mapping, shard.nestedPath);
    const updates = [];
    for (const [path, raws] of extracted.leaves) {
        const spec = specFor(shard, path, raws);
        if (!spec)
            continue;
        try {
            prepareLeaf(shard, spec, raws, updates);
            for (const sub of shard.mapping.multiFields(spec.name))
                prepareLeaf(shard, sub, raws, updates);
        }
        catch (error) {
            if (error instanceof ValueError)
                throw new FieldViolation(path, error.message);
            throw error;
        }
    }
    const nested = [...extracted.nested].map(([path, sources]) => {
        const child = nestedIndex(shard, path);
        return { path, sources, children: sources.map((object) => prepareSource(child.shard, object)) };
    });
    return { updates, nested };
}
function nestedIndex(shard, path) {
    let nested = shard.nested.get(path);
    if (!nested) {
        nested = { shard: createShard(shard.name, shard.mapping, path), parentOf: [] };
        shard.nested.set(path, nested);
    }
    return nested;
}
function applyDocument(shard, prepared, document) {
    const doc = shard.docs.length;
    for (const update of prepared.updates)
        applyUpdate(shard, update, doc);
    for (const { path, sources, children } of prepared.nested) {
        const nested = nestedIndex(shard, path);
        children.forEach((child, i) => {
            nested.parentOf.push(doc);
            applyDocument(nested.shard, child, { _index: shard.name, _id: document._id, _source: sources[i] });
        });
    }
    shard.docs.push(document);
}
class FieldViolation extends Error {
    field;
    constructor(field, message) {
        super(message);
        this.field = field;
    }
}
/** Indexes one document; a value the mapping rejects fails with the document and field named, changing nothing. */
export function addDocument(shard, document) {
    let prepared;
    try {
        prepared = prepareSource(shard, document._source);
    }
    catch (error) {
        if (error instanceof FieldViolation || error instanceof ValueError) {
            const field = error instanceof FieldViolation ? error.field : "";
            throw new MappingViolation(`document [${document._id}] in index [${document._index}]: failed to parse field [${field}]: ${error.message}`);
        }
        throw error;
    }
    applyDocument(shard, prepared, document);
}
export function resolveField(shard, name) {
    const spec = shard.mapping.get(name) ?? flattenedKeyedSpec(shard.mapping, name);
    if (!spec)
        return undefined;
    // A flattened root answers like a keyword field holding every leaf value.
    const asSeen = spec.type === "flattened" ? { ...spec, type: "keyword" } : spec;
    return { spec: asSeen, index: shard.fields.get(name) };
}
function flattenedKeyedSpec(mapping, name) {
    const root = flattenedRoot(mapping, name);
    return root
        ? { name, type: "keyword", source: root.source, aggregatable: true, parent: root.name }
        : undefined;
}
