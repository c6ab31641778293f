/**
 * Input validation as AWS's Coral front end does it, driven by the generated catalogue.
 *
 * Two stages, as on the real service:
 *  1. Deserialisation: a member whose JSON type cannot be read as its shape's type fails the whole
 *     request at once with `SerializationException` (Coral's JSON reader stops at the first one).
 *  2. Constraints: every violation (required, length, range, pattern, enum) is collected and they
 *     are reported together as `InvalidParameterException`:
 *       `2 validation errors detected: Value null at 'username' failed to satisfy constraint:
 *        Member must not be null; Value 'x' at 'userPoolId' failed to satisfy constraint: …`
 *     Values of `@sensitive` members never appear (`Value at 'password' failed …`).
 *
 * Message details that mirror AWS: member paths are the member names with the first letter
 * lowercased (`sMSMfaSettings`), list elements are `<list>.<1-based index>.member`; violations are
 * reported in model member order. A list or map of scalars is reported once, at the collection,
 * listing all its element constraints (`Member must satisfy constraint: […]`, `Map keys must
 * satisfy constraint: […]`, `Map value must satisfy constraint: […]`); structures inside lists
 * and maps are descended into (`userAttributes.1.member.name`, `roleMappings.<key>.member.type`).
 * Unknown members are ignored and JSON `null` counts as absent, as AWS does.
 *
 * Validators are compiled once per operation, lazily, and cached: this runs on every request.
 */
import { errors, type CognitoError } from '../errors.ts';
import {
  getCatalog,
  getOperation,
  type Bounded,
  type ListShape,
  type MapShape,
  type MemberSpec,
  type ServiceName,
  type ShapeSpec,
} from './catalog.ts';
import { compilePattern } from './java-regex.ts';

/** Type-checks a (non-null) value and appends its constraint violations at `path` to `out`. */
type Check = (value: unknown, path: string, out: string[]) => void;

interface Validator {
  readonly check: Check;
  /** Scalars only: how collections of them are checked and described. */
  readonly scalar?: {
    /** Type-checks (throws) and returns the failed constraint messages; empty when valid. */
    failures(value: unknown): readonly string[];
    /** All of the shape's constraints, in Coral's order, for collection-level messages. */
    readonly constraints: readonly string[];
  };
}

const NONE: readonly string[] = Object.freeze([]);

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * Validates a request body for `operationName`; returns normally when AWS would accept it.
 * @throws CognitoError `SerializationException` for a non-object body or a wrongly typed member,
 *   `InvalidParameterException` for constraint violations, `UnknownOperationException` when the
 *   service has no such operation.
 */
export function validateInput(service: ServiceName, operationName: string, input: unknown): void {
  const validator = operationValidator(service, operationName);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw typeMismatch(input, 'Structure');
  const violations: string[] = [];
  validator.check(input, '', violations);
  if (violations.length > 0) {
    const count = violations.length === 1 ? '1 validation error' : `${violations.length} validation errors`;
    throw errors.invalidParameter(`${count} detected: ${violations.join('; ')}`);
  }
}

const operationValidators = new Map<string, Validator>();

function operationValidator(service: ServiceName, operationName: string): Validator {
  const key = `${service}:${operationName}`;
  let validator = operationValidators.get(key);
  if (!validator) {
    const operation = getOperation(service, operationName);
    if (!operation) throw errors.unknownOperation(`Unknown operation ${operationName}`);
    // `smithy.api#Unit` input: any object is fine (its members are all unknown, hence ignored).
    validator = operation.input === null ? { check: () => {} } : compiler(service).compile(operation.input, false);
    operationValidators.set(key, validator);
  }
  return validator;
}

// ---------------------------------------------------------------------------------------------
// Messages
// ---------------------------------------------------------------------------------------------

/** Java's `toString` look, which is what Coral prints: `[a, b]`, `{k=v}`. */
function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(render).join(', ')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.entries(value).map(([k, v]) => `${k}=${render(v)}`).join(', ')}}`;
  return String(value);
}

function violation(value: unknown, path: string, constraint: string, hidden: boolean): string {
  const shown = hidden ? '' : value === null ? ' null' : ` '${render(value)}'`;
  return `Value${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

const NOT_NULL = 'Member must not be null';

/** The JSON token names Coral's reader uses in its conversion errors. */
function jsonToken(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return 'STRING_VALUE';
    case 'boolean':
      return value ? 'TRUE_VALUE' : 'FALSE_VALUE';
    case 'number':
      return Number.isInteger(value) ? 'NUMBER_VALUE' : 'DECIMAL_VALUE';
    default:
      return value === null ? 'NULL_VALUE' : 'VALUE';
  }
}

type JavaType = 'String' | 'Integer' | 'Long' | 'Boolean' | 'Timestamp' | 'List' | 'Map' | 'Structure';

function typeMismatch(value: unknown, expected: JavaType): CognitoError {
  if (Array.isArray(value)) return errors.serialization('Start of list found where not expected');
  if (typeof value === 'object' && value !== null)
    return errors.serialization('Start of structure or map found where not expected');
  const article = /^[AEIOU]/.test(expected) ? 'an' : 'a';
  return errors.serialization(`${jsonToken(value)} can not be converted to ${article} ${expected}`);
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const lowerFirst = (name: string) => name.charAt(0).toLowerCase() + name.slice(1);

// ---------------------------------------------------------------------------------------------
// Compilation
// ---------------------------------------------------------------------------------------------

const compilers = new Map<ServiceName, ReturnType<typeof createCompiler>>();

function compiler(service: ServiceName) {
  let c = compilers.get(service);
  if (!c) compilers.set(service, (c = createCompiler(service)));
  return c;
}

function createCompiler(service: ServiceName) {
  const { shapes } = getCatalog(service);
  const shapeOf = (name: string): ShapeSpec => {
    const shape = shapes[name];
    if (!shape) throw new Error(`catalogue ${service}: no shape ${name}`);
    return shape;
  };

  const sensitiveInside = new Map<string, boolean>();
  /** Whether rendering a value of this shape could reveal a sensitive value. */
  function containsSensitive(name: string): boolean {
    const known = sensitiveInside.get(name);
    if (known !== undefined) return known;
    sensitiveInside.set(name, false); // cycle guard
    const shape = shapeOf(name);
    const result =
      Boolean(shape.sensitive) ||
      (shape.type === 'structure' &&
        Object.values(shape.members).some((m) => m.sensitive || containsSensitive(m.target))) ||
      (shape.type === 'list' && containsSensitive(shape.member)) ||
      (shape.type === 'map' && (containsSensitive(shape.key) || containsSensitive(shape.value)));
    sensitiveInside.set(name, result);
    return result;
  }

  const cache = new Map<string, Validator>();

  /** `hidden`: the value sits in a sensitive member or structure; never print it. */
  function compile(name: string, hidden: boolean): Validator {
    const shape = shapeOf(name);
    const hide = hidden || Boolean(shape.sensitive);
    const key = `${name}|${hide}`;
    let validator = cache.get(key);
    if (!validator) {
      validator = build(name, shape, hide);
      cache.set(key, validator);
    }
    return validator;
  }

  function build(name: string, shape: ShapeSpec, hidden: boolean): Validator {
    switch (shape.type) {
      case 'structure':
        return structureValidator(shape.members, hidden);
      case 'list':
        return listValidator(name, shape, hidden);
      case 'map':
        return mapValidator(name, shape, hidden);
      case 'string':
        return scalar(stringRules(shape.min, shape.max, shape.pattern), hidden);
      case 'enum':
        return scalar(enumRules(shape.values), hidden);
      case 'integer':
      case 'long':
        return scalar(numberRules(shape.type, shape.min, shape.max), hidden);
      case 'blob':
        return scalar(blobRules(shape.min, shape.max), hidden);
      case 'boolean':
        return scalar(typeOnly('Boolean', (v) => typeof v === 'boolean'), hidden);
      case 'timestamp':
        // awsJson timestamps are epoch seconds, fractional allowed.
        return scalar(typeOnly('Timestamp', (v) => typeof v === 'number' && Number.isFinite(v)), hidden);
      case 'document':
        return { check: () => {} };
    }
  }

  function structureValidator(members: Readonly<Record<string, MemberSpec>>, hidden: boolean): Validator {
    const plan = Object.entries(members).map(([memberName, spec]) => {
      const memberHidden = hidden || Boolean(spec.sensitive);
      let validator: Validator | undefined; // resolved on first use, so recursive shapes compile
      return {
        memberName,
        path: lowerFirst(memberName),
        required: Boolean(spec.required),
        hidden: memberHidden,
        validator: () => (validator ??= compile(spec.target, memberHidden)),
      };
    });
    return {
      check(value, path, out) {
        if (!isObject(value)) throw typeMismatch(value, 'Structure');
        for (const member of plan) {
          const memberValue = Object.hasOwn(value, member.memberName) ? value[member.memberName] : undefined;
          const memberPath = path === '' ? member.path : `${path}.${member.path}`;
          if (memberValue === undefined || memberValue === null) {
            if (member.required) out.push(violation(null, memberPath, NOT_NULL, member.hidden));
            continue;
          }
          member.validator().check(memberValue, memberPath, out);
        }
      },
    };
  }

  /** `@length` violations of a list or map (its entry count). */
  function sizeViolations(value: unknown, size: number, path: string, bounds: Bounded, hidden: boolean, out: string[]) {
    if (bounds.max !== undefined && size > bounds.max) out.push(violation(value, path, lengthMax(bounds.max), hidden));
    if (bounds.min !== undefined && size < bounds.min) out.push(violation(value, path, lengthMin(bounds.min), hidden));
  }

  /**
   * Coral reports the scalar elements (or map values) of a collection once, at the collection,
   * listing all the element constraints: `Member must satisfy constraint: [...]`.
   */
  function elementsViolation(
    elements: Iterable<unknown>,
    element: NonNullable<Validator['scalar']>,
    heading: string,
  ): string | undefined {
    let failed = false;
    let sawNull = false;
    for (const item of elements) {
      if (item === null || item === undefined) sawNull = true;
      else if (element.failures(item).length > 0) failed = true;
    }
    if (!failed && !sawNull) return undefined;
    return `${heading}: [${(sawNull ? [...element.constraints, NOT_NULL] : element.constraints).join(', ')}]`;
  }

  /** `hidden`: values inside are hidden; the whole list also is when it holds sensitive parts. */
  function listValidator(name: string, shape: ListShape, hidden: boolean): Validator {
    const hideWhole = hidden || containsSensitive(name);
    let element: Validator | undefined;
    return {
      check(value, path, out) {
        if (!Array.isArray(value)) throw typeMismatch(value, 'List');
        sizeViolations(value, value.length, path, shape, hideWhole, out);
        const { scalar: scalarElement, check } = (element ??= compile(shape.member, hidden));
        if (scalarElement) {
          const message = elementsViolation(value, scalarElement, 'Member must satisfy constraint');
          if (message) out.push(violation(value, path, message, hideWhole));
          return;
        }
        for (let i = 0; i < value.length; i++) {
          const itemPath = `${path}.${i + 1}.member`;
          const item: unknown = value[i];
          if (item === null || item === undefined) out.push(violation(null, itemPath, NOT_NULL, hidden));
          else check(item, itemPath, out);
        }
      },
    };
  }

  function mapValidator(name: string, shape: MapShape, hidden: boolean): Validator {
    const hideWhole = hidden || containsSensitive(name);
    let keys: Validator | undefined;
    let values: Validator | undefined;
    return {
      check(value, path, out) {
        if (!isObject(value)) throw typeMismatch(value, 'Map');
        const entries = Object.entries(value);
        sizeViolations(value, entries.length, path, shape, hideWhole, out);
        // Keys first, then values; each aspect once however many entries break it (as AWS does).
        const keyScalar = (keys ??= compile(shape.key, hidden)).scalar;
        const keyMessage =
          keyScalar && elementsViolation(Object.keys(value), keyScalar, 'Map keys must satisfy constraint');
        if (keyMessage) out.push(violation(value, path, keyMessage, hideWhole));
        const { scalar: valueScalar, check } = (values ??= compile(shape.value, hidden));
        if (valueScalar) {
          const message = elementsViolation(Object.values(value), valueScalar, 'Map value must satisfy constraint');
          if (message) out.push(violation(value, path, message, hideWhole));
          return;
        }
        for (const [key, entry] of entries) {
          const entryPath = `${path}.${key}.member`;
          if (entry === null || entry === undefined) out.push(violation(null, entryPath, NOT_NULL, hidden));
          else check(entry, entryPath, out);
        }
      },
    };
  }

  return { compile };
}

// ---------------------------------------------------------------------------------------------
// Scalars: a type check plus constraint rules, shared by member- and collection-level checks
// ---------------------------------------------------------------------------------------------

interface ScalarRules {
  /** Throws the SerializationException when the JSON value has the wrong type. */
  readonly typeCheck: (value: unknown) => void;
  /** Each rule returns its message when violated. In Coral's reporting order. */
  readonly rules: readonly ((value: never) => string | undefined)[];
  readonly constraints: readonly string[];
}

function scalar({ typeCheck, rules, constraints }: ScalarRules, hidden: boolean): Validator {
  const failures = (value: unknown): readonly string[] => {
    typeCheck(value);
    let failed: string[] | undefined;
    for (const rule of rules) {
      const message = rule(value as never);
      if (message !== undefined) (failed ??= []).push(message);
    }
    return failed ?? NONE;
  };
  return {
    check(value, path, out) {
      for (const message of failures(value)) out.push(violation(value, path, message, hidden));
    },
    scalar: { failures, constraints },
  };
}

const typeOnly = (type: JavaType, accepts: (value: unknown) => boolean): ScalarRules => ({
  typeCheck: (value) => {
    if (!accepts(value)) throw typeMismatch(value, type);
  },
  rules: [],
  constraints: [],
});

const lengthMax = (max: number) => `Member must have length less than or equal to ${max}`;
const lengthMin = (min: number) => `Member must have length greater than or equal to ${min}`;

/**
 * Patterns whose nested quantifiers backtrack badly (e.g. `[\p{L}…]+@[\p{L}…]+` is quadratic) are
 * not run on strings longer than this when their shape sets no maximum; such strings are reported
 * as not matching. Shapes with a maximum skip the pattern once the length check has failed.
 */
const UNBOUNDED_PATTERN_INPUT_LIMIT = 2048;

function stringRules(min: number | undefined, max: number | undefined, smithyPattern: string | undefined): ScalarRules {
  const rules: ((value: string) => string | undefined)[] = [];
  const constraints: string[] = [];
  if (max !== undefined) constraints.push(lengthMax(max));
  if (min !== undefined) constraints.push(lengthMin(min));
  if (max !== undefined || min !== undefined) {
    rules.push((value) => {
      // Code points never exceed UTF-16 units and are at least half of them: count only when
      // the unit count alone cannot decide.
      const mayBeLong = max !== undefined && value.length > max;
      const mayBeShort = min !== undefined && value.length < 2 * min;
      if (!mayBeLong && !mayBeShort) return undefined;
      const length = codePointLength(value);
      if (max !== undefined && length > max) return lengthMax(max);
      if (min !== undefined && length < min) return lengthMin(min);
      return undefined;
    });
  }
  if (smithyPattern !== undefined) {
    const pattern = compilePattern(smithyPattern);
    const message = `Member must satisfy regular expression pattern: ${pattern.display}`;
    constraints.push(message);
    rules.push((value) => {
      if (pattern.backtracks && value.length > (max ?? UNBOUNDED_PATTERN_INPUT_LIMIT)) {
        if (max === undefined) return message;
        if (codePointLength(value) > max) return undefined; // already reported as too long
      }
      return pattern.test(value) ? undefined : message;
    });
  }
  return {
    typeCheck: (value) => {
      if (typeof value !== 'string') throw typeMismatch(value, 'String');
    },
    rules,
    constraints,
  };
}

function enumRules(values: readonly string[]): ScalarRules {
  const allowed = new Set(values);
  const message = `Member must satisfy enum value set: [${values.join(', ')}]`;
  return {
    typeCheck: (value) => {
      if (typeof value !== 'string') throw typeMismatch(value, 'String');
    },
    rules: [(value: string) => (allowed.has(value) ? undefined : message)],
    constraints: [message],
  };
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_BOUND = 2 ** 63;

function numberRules(type: 'integer' | 'long', min: number | undefined, max: number | undefined): ScalarRules {
  const rules: ((value: number) => string | undefined)[] = [];
  const constraints: string[] = [];
  if (max !== undefined) {
    const message = `Member must have value less than or equal to ${max}`;
    constraints.push(message);
    rules.push((value) => (value > max ? message : undefined));
  }
  if (min !== undefined) {
    const message = `Member must have value greater than or equal to ${min}`;
    constraints.push(message);
    rules.push((value) => (value < min ? message : undefined));
  }
  const javaType = type === 'integer' ? 'Integer' : 'Long';
  const fits =
    type === 'integer'
      ? (v: number) => v >= INT32_MIN && v <= INT32_MAX
      : (v: number) => v >= -INT64_BOUND && v < INT64_BOUND;
  return {
    // Decimals and out-of-range numbers are refused rather than truncated: the handlers behind
    // this validator can then rely on the value being a proper Java int/long.
    typeCheck: (value) => {
      if (typeof value !== 'number' || !Number.isInteger(value) || !fits(value)) throw typeMismatch(value, javaType);
    },
    rules,
    constraints,
  };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function blobRules(min: number | undefined, max: number | undefined): ScalarRules {
  const rules: ((value: string) => string | undefined)[] = [];
  const constraints: string[] = [];
  // Blob lengths are in decoded bytes.
  const bytes = (value: string) => (value.length / 4) * 3 - (value.endsWith('==') ? 2 : value.endsWith('=') ? 1 : 0);
  if (max !== undefined) {
    constraints.push(lengthMax(max));
    rules.push((value) => (bytes(value) > max ? lengthMax(max) : undefined));
  }
  if (min !== undefined) {
    constraints.push(lengthMin(min));
    rules.push((value) => (bytes(value) < min ? lengthMin(min) : undefined));
  }
  return {
    typeCheck: (value) => {
      if (typeof value !== 'string') {
        if (typeof value === 'object' && value !== null) throw typeMismatch(value, 'String');
        throw errors.serialization('only base-64-encoded strings are convertible to bytes');
      }
      if (value.length % 4 !== 0)
        throw errors.serialization(
          `Base64 encoded length is expected a multiple of 4 bytes but found: ${value.length}`,
        );
      if (!BASE64.test(value)) throw errors.serialization('Invalid Base64 character detected');
    },
    rules,
    constraints,
  };
}

/** Length in Unicode code points, which is what Smithy's `@length` counts for strings. */
function codePointLength(value: string): number {
  let length = value.length;
  for (let i = 0; i < value.length - 1; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
