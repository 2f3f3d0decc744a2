/**
 * The checks an index applies to every document, the same on both engines: a document names its index, its
 * `_source` is an object, its `_id` is new in the index, and a constant_keyword field holds one value. A
 * document that fails one is rejected with the same error whichever engine indexes it.
 */
import { DacError, type SourceLocation } from "../errors.js";

/** The document a rejection is about, as a bulk response item names it. */
export interface DocumentRef {
  _index: string;
  _id: string;
}

/** A document Elasticsearch would refuse to index (a bulk item error); the message names document and index. */
export class DocumentRejectedError extends DacError {
  readonly document: DocumentRef | undefined;

  constructor(message: string, document?: DocumentRef, location?: SourceLocation) {
    super("rejected", message, { location });
    this.document = document && { _index: document._index, _id: document._id };
  }

  /** The same rejection, placed at the line of the file the document came from. */
  at(location: SourceLocation): DocumentRejectedError {
    return new DocumentRejectedError(this.message, this.document, location);
  }
}

/** How a rejection message starts: the document and its index. */
export function documentLabel(document: DocumentRef): string {
  return `document [${document._id}] in index [${document._index}]`;
}

/** Rejects a document without an index or without an object as its source. */
export function checkDocumentShape(document: { _index: unknown; _id: string; _source: unknown }): void {
  if (typeof document._index !== "string" || document._index === "") {
    throw new DocumentRejectedError(`document [${document._id}] has no [_index]`);
  }
  if (typeof document._source !== "object" || document._source === null || Array.isArray(document._source)) {
    const ref = { _index: document._index, _id: document._id };
    throw new DocumentRejectedError(`${documentLabel(ref)}: [_source] must be an object`, ref);
  }
}

/** The rejection of a second document with an `_id` the index already holds. */
export function duplicateId(document: DocumentRef): DocumentRejectedError {
  return new DocumentRejectedError(
    `document [${document._id}] appears twice in index [${document._index}]`,
    document,
  );
}

/** The rejection of a field's value, as Elasticsearch's mapper_parsing_exception words it. */
export function fieldRejected(
  document: DocumentRef,
  field: string,
  reason: string,
  type?: string,
): DocumentRejectedError {
  const typed = type === undefined ? "" : ` of type [${type}]`;
  return new DocumentRejectedError(
    `${documentLabel(document)}: failed to parse field [${field}]${typed}: ${reason}`,
    document,
  );
}

/**
 * A constant_keyword field holds one value per index: the mapping's, else the one the first document with
 * the field brings. The rejection of a document with another value.
 */
export function constantMismatch(
  document: DocumentRef,
  field: string,
  constant: string,
  value: string,
): DocumentRejectedError {
  return fieldRejected(
    document,
    field,
    `[constant_keyword] field [${field}] only accepts values that are equal to the value defined in the ` +
      `mappings [${constant}], but got [${value}]`,
    "constant_keyword",
  );
}
