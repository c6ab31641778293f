/**
 * Nesting depth of request bodies, checked on the raw bytes before `JSON.parse` and before any
 * recursive walk of the result. Each operation's limit is the deepest nesting its input shape
 * allows in AWS's model (the top-level object is depth 1), so every request a real client can
 * send passes and `{"J":[[[...]]]}` is refused in one linear scan.
 */
import { getOperation, getShape, type ServiceName } from '../protocol/catalog.ts';

/** A `document` member (free-form JSON in the model) may nest this much below itself. */
const DOCUMENT_DEPTH = 32;

const limits = new Map<string, number>();

function shapeDepth(service: ServiceName, name: string, seen: Set<string>): number {
  const shape = getShape(service, name);
  if (!shape) return 0;
  if (shape.type === 'document') return DOCUMENT_DEPTH;
  if (seen.has(name)) return DOCUMENT_DEPTH; // a recursive shape: bounded like a document
  seen.add(name);
  let inner = 0;
  if (shape.type === 'structure') {
    for (const member of Object.values(shape.members)) inner = Math.max(inner, shapeDepth(service, member.target, seen));
  } else if (shape.type === 'list') {
    inner = shapeDepth(service, shape.member, seen);
  } else if (shape.type === 'map') {
    inner = shapeDepth(service, shape.value, seen);
  } else {
    seen.delete(name);
    return 0;
  }
  seen.delete(name);
  return 1 + inner;
}

/** The deepest nesting of `[` and `{` that the operation's input allows (at least 1). */
export function maxInputDepth(service: ServiceName, operation: string): number {
  const key = `${service}/${operation}`;
  let depth = limits.get(key);
  if (depth === undefined) {
    const input = getOperation(service, operation)?.input;
    depth = Math.max(1, input ? shapeDepth(service, input, new Set()) : 1);
    limits.set(key, depth);
  }
  return depth;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_SQUARE = 0x5b, CLOSE_SQUARE = 0x5d, OPEN_CURLY = 0x7b, CLOSE_CURLY = 0x7d;

/**
 * True when the JSON text nests arrays and objects deeper than `max`. Brackets inside strings do
 * not count; UTF-8 continuation bytes never equal these ASCII bytes, so bytes can be scanned.
 * Malformed text is left for JSON.parse to refuse.
 */
export function nestsDeeperThan(body: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_SQUARE || c === OPEN_CURLY) {
      if (++depth > max) return true;
    } else if (c === CLOSE_SQUARE || c === CLOSE_CURLY) {
      depth--;
    }
  }
  return false;
}
