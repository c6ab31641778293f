/**
 * Generates the operation catalogues `src/protocol/catalog/{cognito-idp,cognito-identity,sts}.json`
 * (committed; see `src/protocol/catalog.ts` for the format) from AWS's Smithy JSON AST models and,
 * for user pools, the AWS SDK's bundled schema. `npm run gen:catalog` runs it, then derives from
 * the catalogue the typed operation map `src/protocol/operation-types.ts`
 * (scripts/gen-operation-types.ts) and docs/operations.md (scripts/gen-operations-doc.ts).
 *
 *   node --import tsx scripts/gen-catalog.ts [--models DIR]
 *
 * DIR holds the Smithy models (default: `models/aws/` in the repository; see its README). The
 * output depends only on the models and the pinned SDK devDependency, so a run on an unchanged
 * clone rewrites the same bytes (test/unit/generated.test.ts checks that the committed files are
 * current).
 *
 * Why two sources: the Smithy snapshot (2025-04) has 113 user-pool operations, the SDK 140. The
 * Smithy model is the authority for constraints (length/pattern/range/enum) wherever it has the
 * shape; the SDK schema supplies the newer operations, structures and members. The SDK schema is
 * newer, so its required-ness wins where both know a member (AWS relaxes, e.g.
 * SmsConfigurationType.SnsCallerArn became optional when EumsSms was added).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {
  MemberSpec,
  OperationSpec,
  ServiceCatalog,
  ServiceName,
  ShapeSpec,
  StructureShape,
} from '../src/protocol/catalog.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'src/protocol/catalog');

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Shapes = Map<string, ShapeSpec>;
type Operations = Map<string, Mutable<OperationSpec>>;

let log = (message: string) => {
  process.stdout.write(`${message}\n`);
};

// ---------------------------------------------------------------------------------------------
// Smithy JSON AST
// ---------------------------------------------------------------------------------------------

type Traits = Record<string, unknown>;
interface SmithyRef {
  target: string;
  traits?: Traits;
}
interface SmithyShape {
  type: string;
  traits?: Traits;
  members?: Record<string, SmithyRef>;
  member?: SmithyRef;
  key?: SmithyRef;
  value?: SmithyRef;
  input?: SmithyRef;
  output?: SmithyRef;
  errors?: SmithyRef[];
  operations?: SmithyRef[];
  resources?: SmithyRef[];
  version?: string;
}
interface SmithyModel {
  shapes: Record<string, SmithyShape>;
}

const PRELUDE = 'smithy.api#';
const UNIT = `${PRELUDE}Unit`;

/** Prelude shapes a model may target directly; they keep their absolute id as catalogue name. */
const preludeShapes: Record<string, ShapeSpec> = {
  [`${PRELUDE}String`]: { type: 'string' },
  [`${PRELUDE}Boolean`]: { type: 'boolean' },
  [`${PRELUDE}PrimitiveBoolean`]: { type: 'boolean' },
  [`${PRELUDE}Integer`]: { type: 'integer' },
  [`${PRELUDE}PrimitiveInteger`]: { type: 'integer' },
  [`${PRELUDE}Long`]: { type: 'long' },
  [`${PRELUDE}PrimitiveLong`]: { type: 'long' },
  [`${PRELUDE}Timestamp`]: { type: 'timestamp' },
  [`${PRELUDE}Document`]: { type: 'document' },
  [`${PRELUDE}Blob`]: { type: 'blob' },
};

const localName = (id: string) => (id.startsWith(PRELUDE) ? id : id.slice(id.indexOf('#') + 1));
const has = (traits: Traits | undefined, trait: string) => traits !== undefined && trait in traits;

interface Bounds {
  min?: number;
  max?: number;
}
function bounds(traits: Traits | undefined, trait: 'smithy.api#length' | 'smithy.api#range'): Bounds {
  const value = traits?.[trait] as Bounds | undefined;
  const out: Bounds = {};
  if (value?.min !== undefined) out.min = value.min;
  if (value?.max !== undefined) out.max = value.max;
  return out;
}

const memberSpec = (target: string, required: boolean, isSensitive: boolean): MemberSpec => ({
  target,
  ...(required ? { required: true } : {}),
  ...(isSensitive ? { sensitive: true } : {}),
});

const sensitive = (traits: Traits | undefined) =>
  has(traits, 'smithy.api#sensitive') ? ({ sensitive: true } as const) : {};

function convertSmithyShape(model: SmithyModel, id: string, shape: SmithyShape): ShapeSpec {
  const { traits } = shape;
  switch (shape.type) {
    case 'structure': {
      const members: Record<string, MemberSpec> = {};
      for (const [name, ref] of Object.entries(shape.members ?? {})) {
        const targetTraits = model.shapes[ref.target]?.traits;
        members[name] = memberSpec(
          localName(ref.target),
          has(ref.traits, 'smithy.api#required'),
          has(ref.traits, 'smithy.api#sensitive') || has(targetTraits, 'smithy.api#sensitive'),
        );
      }
      const fault = traits?.['smithy.api#error'] as 'client' | 'server' | undefined;
      return { type: 'structure', members, ...(fault ? { error: fault } : {}), ...sensitive(traits) };
    }
    case 'list':
    case 'set':
      return {
        type: 'list',
        member: localName(shape.member!.target),
        ...bounds(traits, 'smithy.api#length'),
        ...sensitive(traits),
      };
    case 'map':
      return {
        type: 'map',
        key: localName(shape.key!.target),
        value: localName(shape.value!.target),
        ...bounds(traits, 'smithy.api#length'),
        ...sensitive(traits),
      };
    case 'string': {
      // Smithy 1.0 style enums: a string shape with the `smithy.api#enum` trait.
      const legacyEnum = traits?.['smithy.api#enum'] as { value: string }[] | undefined;
      if (legacyEnum) return { type: 'enum', values: legacyEnum.map((e) => e.value), ...sensitive(traits) };
      const pattern = traits?.['smithy.api#pattern'] as string | undefined;
      return {
        type: 'string',
        ...bounds(traits, 'smithy.api#length'),
        ...(pattern !== undefined ? { pattern } : {}),
        ...sensitive(traits),
      };
    }
    case 'enum':
      return {
        type: 'enum',
        values: Object.entries(shape.members ?? {}).map(
          ([name, ref]) => (ref.traits?.['smithy.api#enumValue'] as string | undefined) ?? name,
        ),
        ...sensitive(traits),
      };
    case 'integer':
    case 'short':
    case 'byte':
      return { type: 'integer', ...bounds(traits, 'smithy.api#range'), ...sensitive(traits) };
    case 'long':
      return { type: 'long', ...bounds(traits, 'smithy.api#range'), ...sensitive(traits) };
    case 'blob':
      return { type: 'blob', ...bounds(traits, 'smithy.api#length'), ...sensitive(traits) };
    case 'boolean':
    case 'timestamp':
    case 'document':
      return { type: shape.type, ...sensitive(traits) };
    default:
      // float/double/bigDecimal/intEnum/union do not occur in the Cognito models; fail loudly if a
      // future model introduces one rather than silently skipping its validation.
      throw new Error(`${id}: unsupported Smithy shape type '${shape.type}'`);
  }
}

interface LoadedService {
  service: ServiceCatalog['service'];
  operations: Operations;
  shapes: Shapes;
  errors: Set<string>;
}

const PROTOCOLS = ['awsJson1_1', 'awsQuery'] as const;

function loadSmithy(file: string, name: ServiceName): LoadedService {
  const model = JSON.parse(readFileSync(file, 'utf8')) as SmithyModel;
  const entries = Object.entries(model.shapes);
  const [serviceId, service] = entries.find(([, s]) => s.type === 'service') ?? [];
  if (!serviceId || !service) throw new Error(`${file}: no service shape`);
  if (service.resources?.length) throw new Error(`${file}: resource-bound operations are not supported`);

  const shapes: Shapes = new Map();
  const seenIds = new Map<string, string>();
  for (const [id, shape] of entries) {
    if (shape.type === 'service' || shape.type === 'operation' || shape.type === 'resource') continue;
    const local = localName(id);
    const clash = seenIds.get(local);
    if (clash) throw new Error(`shape name clash: ${clash} and ${id}`);
    seenIds.set(local, id);
    shapes.set(local, convertSmithyShape(model, id, shape));
  }

  const operations: Operations = new Map();
  for (const ref of service.operations ?? []) {
    const op = model.shapes[ref.target];
    if (!op) throw new Error(`missing operation ${ref.target}`);
    const opName = localName(ref.target);
    const auth = op.traits?.['smithy.api#auth'] as unknown[] | undefined;
    const unsigned = (auth !== undefined && auth.length === 0) || has(op.traits, 'smithy.api#optionalAuth');
    operations.set(opName, {
      name: opName,
      auth: unsigned ? 'none' : 'sigv4',
      input: !op.input || op.input.target === UNIT ? null : localName(op.input.target),
      output: !op.output || op.output.target === UNIT ? null : localName(op.output.target),
      errors: (op.errors ?? []).map((e) => localName(e.target)).sort(),
    });
  }

  const errors = new Set(entries.filter(([, s]) => has(s.traits, 'smithy.api#error')).map(([id]) => localName(id)));
  const sigv4 = service.traits?.['aws.auth#sigv4'] as { name: string } | undefined;
  const protocol = PROTOCOLS.find((p) => has(service.traits, `aws.protocols#${p}`));
  if (!protocol) throw new Error(`${file}: protocol not one of ${PROTOCOLS.join(', ')}`);
  return {
    service: {
      name,
      targetPrefix: localName(serviceId),
      version: service.version ?? '',
      signingName: sigv4?.name ?? name,
      protocol,
    },
    operations,
    shapes,
    errors,
  };
}

// ---------------------------------------------------------------------------------------------
// AWS SDK v3 schema (@smithy/core "static schema" arrays, as bundled by the SDK's dist-cjs)
// ---------------------------------------------------------------------------------------------
//
//   [0, ns, name, traits, inner]                     named simple shape (only sensitive strings)
//   [1, ns, name, traits, member]                    list
//   [2, ns, name, traits, key, value]                map
//   [3|-3, ns, name, traits, names, members, nReq?]  structure | error; the first nReq are required
//   [9, ns, name, traits, input, output]             operation
//   [ref, traits]                                    member reference with member traits
//   () => ref                                        lazy reference
//   number: 0 string, 1 number, 2 boolean, 4-7 timestamp, 15 document, 21 blob,
//           64|x list of x, 128|x map of string to x
//   traits: a bitmask (bit 3 = sensitive) or an object ({ error: 'client' }).
//   Enums are plain strings in the schema; their names come from the .d.ts member types.

type SdkRef = unknown;
type SdkStatic = [number, string, string, unknown, ...unknown[]];

const SENSITIVE_BIT = 0b1000;
const deref = (ref: SdkRef): unknown => (typeof ref === 'function' ? (ref as () => unknown)() : ref);
const isStatic = (value: unknown): value is SdkStatic => Array.isArray(value) && value.length >= 5;
const isMemberRef = (value: unknown): value is [SdkRef, unknown] => Array.isArray(value) && value.length === 2;
const traitSensitive = (traits: unknown) =>
  typeof traits === 'number'
    ? (traits & SENSITIVE_BIT) !== 0
    : typeof traits === 'object' && traits !== null && 'sensitive' in traits;

interface SdkSources {
  /** Exported module namespace of the SDK's CommonJS bundle (schemas are `Name$` exports). */
  module: Record<string, unknown>;
  /** Member TypeScript types per interface, from dist-types/models: `AuthFlow` → `AuthFlowType`. */
  memberTypes: Map<string, Map<string, string>>;
  enumNames: Set<string>;
  noAuth: Set<string>;
  throws: (operation: string) => string[];
}

function loadSdkSources(): SdkSources {
  const require = createRequire(import.meta.url);
  const pkg = '@aws-sdk/client-cognito-identity-provider';
  const pkgDir = resolve(dirname(require.resolve(pkg)), '..');
  const read = (path: string) => readFileSync(join(pkgDir, path), 'utf8');

  const memberTypes = new Map<string, Map<string, string>>();
  for (const file of ['dist-types/models/models_0.d.ts', 'dist-types/models/models_1.d.ts']) {
    let current: Map<string, string> | undefined;
    for (const line of read(file).split('\n')) {
      const open = /^export interface (\w+) \{/.exec(line);
      if (open) memberTypes.set(open[1]!, (current = new Map()));
      else if (line === '}') current = undefined;
      else if (current) {
        const member = /^ {4}(\w+)\??: (.+?)(?: \| undefined)?;$/.exec(line);
        if (member) current.set(member[1]!, member[2]!);
      }
    }
  }
  const enumNames = new Set(
    [...read('dist-types/models/enums.d.ts').matchAll(/^export declare const (\w+): \{/gm)].map((m) => m[1]!),
  );
  const noAuth = new Set(
    [
      ...read('dist-es/auth/httpAuthSchemeProvider.js').matchAll(
        /case "(\w+)":\s*\{\s*options\.push\(createSmithyApiNoAuthHttpAuthOption/g,
      ),
    ].map((m) => m[1]!),
  );
  const throws = (operation: string) =>
    [...read(`dist-types/commands/${operation}Command.d.ts`).matchAll(/@throws \{@link (\w+)\}/g)]
      .map((m) => m[1]!)
      .filter((name) => !name.endsWith('ServiceException'));
  return { module: require(pkg) as Record<string, unknown>, memberTypes, enumNames, noAuth, throws };
}

/**
 * Folds the SDK's view of the user-pool service into the Smithy-derived catalogue: new operations
 * and shapes, new members on known structures, new enum values, SDK required-ness, and extra
 * declared errors.
 */
function mergeSdk(target: LoadedService, sdk: SdkSources): void {
  const { shapes, operations } = target;
  const smithyStructs = new Map<string, StructureShape>();
  for (const [name, shape] of shapes) if (shape.type === 'structure') smithyStructs.set(name, shape);

  // New enum values: Smithy order first (AWS's message order), SDK additions after.
  for (const name of sdk.enumNames) {
    const values = Object.values(sdk.module[name] as Record<string, string>);
    const existing = shapes.get(name);
    if (existing?.type === 'enum') {
      const added = values.filter((v) => !existing.values.includes(v));
      if (added.length) {
        shapes.set(name, { ...existing, values: [...existing.values, ...added] });
        log(`  enum ${name}: + ${added.join(', ')}`);
      }
    } else if (!existing) {
      shapes.set(name, { type: 'enum', values });
    }
  }

  // A member the Smithy model does not know, typed as a plain string in the SDK, borrows the
  // Smithy target its name overwhelmingly has elsewhere (`UserPoolId` → UserPoolIdType in 87 of 89
  // members), so new operations still get AWS's constraints. Only a dominant (≥ 90%),
  // non-sensitive string target qualifies; anything less clear-cut stays unconstrained.
  const targetsByMember = new Map<string, Map<string, number>>();
  for (const struct of smithyStructs.values())
    for (const [member, spec] of Object.entries(struct.members)) {
      const counts = targetsByMember.get(member) ?? new Map<string, number>();
      counts.set(spec.target, (counts.get(spec.target) ?? 0) + 1);
      targetsByMember.set(member, counts);
    }
  const borrowedTarget = (member: string): string | undefined => {
    const counts = [...(targetsByMember.get(member) ?? [])].sort((a, b) => b[1] - a[1]);
    const total = counts.reduce((sum, [, n]) => sum + n, 0);
    const [dominant, uses] = counts[0] ?? [];
    if (dominant === undefined || uses === undefined || uses < 0.9 * total) return undefined;
    const shape = shapes.get(dominant);
    return shape?.type === 'string' && !shape.sensitive ? dominant : undefined;
  };

  const enumTarget = (tsType: string | undefined): string | undefined =>
    tsType !== undefined && sdk.enumNames.has(tsType) ? tsType : undefined;

  /** Target for an SDK numeric schema code; `tsType` is the member's declared TS type. */
  function simpleTarget(code: number, tsType: string | undefined, synthetic: string, member?: string): string {
    if (code === 0) {
      const viaEnum = enumTarget(tsType);
      if (viaEnum) return viaEnum;
      const borrowed = member !== undefined ? borrowedTarget(member) : undefined;
      if (borrowed) {
        log(`  ${synthetic}: borrowed ${borrowed}`);
        return borrowed;
      }
      return `${PRELUDE}String`;
    }
    if (code === 1) return `${PRELUDE}Integer`;
    if (code === 2) return `${PRELUDE}Boolean`;
    if (code >= 4 && code <= 7) return `${PRELUDE}Timestamp`;
    if (code === 15) return `${PRELUDE}Document`;
    if (code === 21) return `${PRELUDE}Blob`;
    if (code >= 64 && code < 128) {
      const element = tsType?.endsWith('[]') ? tsType.slice(0, -2) : undefined;
      shapes.set(synthetic, { type: 'list', member: simpleTarget(code & 63, element, `${synthetic}.member`) });
      return synthetic;
    }
    if (code >= 128 && code < 256) {
      const value = /^Record<string, (.+)>$/.exec(tsType ?? '')?.[1];
      shapes.set(synthetic, {
        type: 'map',
        key: `${PRELUDE}String`,
        value: simpleTarget(code & 63, value, `${synthetic}.value`),
      });
      return synthetic;
    }
    throw new Error(`${synthetic}: unsupported SDK schema code ${code}`);
  }

  const reconciled = new Set<string>();

  /** Catalogue name for an SDK reference, registering SDK-only shapes on the way. */
  function sdkTarget(ref: SdkRef, owner: { struct: string; member: string }): { target: string; sensitive: boolean } {
    let memberTraits: unknown = 0;
    if (isMemberRef(ref)) [ref, memberTraits] = ref;
    const schema = deref(ref);
    const tsType = sdk.memberTypes.get(owner.struct)?.get(owner.member);
    if (typeof schema === 'number') {
      const target = simpleTarget(schema, tsType, `${owner.struct}.${owner.member}`, owner.member);
      return { target, sensitive: traitSensitive(memberTraits) };
    }
    if (!isStatic(schema)) throw new Error(`${owner.struct}.${owner.member}: unexpected SDK schema`);
    const [kind, , name] = schema;
    const shapeSensitive = traitSensitive(memberTraits) || traitSensitive(schema[3]);
    if (kind === 3 || kind === -3) reconcileStruct(schema);
    else if (!shapes.has(name)) registerSdkShape(schema);
    return { target: name, sensitive: shapeSensitive || Boolean(shapes.get(name)?.sensitive) };
  }

  function registerSdkShape(schema: SdkStatic): void {
    const [kind, , name, traits] = schema;
    const flag = traitSensitive(traits) ? ({ sensitive: true } as const) : {};
    if (kind === 0) {
      const code = schema[4] as number;
      if (code !== 0) throw new Error(`${name}: named SDK simple shape of code ${code}`);
      shapes.set(name, { type: 'string', ...flag });
    } else if (kind === 1) {
      const member = sdkTarget(schema[4], { struct: name, member: 'member' }).target;
      shapes.set(name, { type: 'list', member, ...flag });
    } else if (kind === 2) {
      shapes.set(name, {
        type: 'map',
        key: sdkTarget(schema[4], { struct: name, member: 'key' }).target,
        value: sdkTarget(schema[5], { struct: name, member: 'value' }).target,
        ...flag,
      });
    } else {
      throw new Error(`${name}: unsupported SDK schema kind ${kind}`);
    }
  }

  function reconcileStruct(schema: SdkStatic): void {
    const [kind, , name, traits, names, refs, requiredCount = 0] = schema as [
      number, string, string, unknown, string[], SdkRef[], number?,
    ];
    if (reconciled.has(name)) return;
    reconciled.add(name);
    const smithy = smithyStructs.get(name);
    // Smithy order first (violations are reported in model order), SDK-only members after.
    const members: Record<string, MemberSpec> = smithy ? { ...smithy.members } : {};
    for (const [i, member] of names.entries()) {
      const required = i < requiredCount;
      const known = members[member];
      if (known) {
        if (Boolean(known.required) !== required)
          log(`  ${name}.${member}: required ${Boolean(known.required)} → ${required} (SDK)`);
        members[member] = memberSpec(known.target, required, Boolean(known.sensitive));
        continue;
      }
      const { target, sensitive: isSensitive } = sdkTarget(refs[i], { struct: name, member });
      members[member] = memberSpec(target, required, isSensitive);
      if (smithy) log(`  ${name}.${member}: new member → ${target}`);
    }
    if (smithy) {
      shapes.set(name, { ...smithy, members });
      return;
    }
    const errorTraits = typeof traits === 'object' && traits !== null ? (traits as Traits) : undefined;
    const fault = kind === -3 ? ((errorTraits?.['error'] as 'client' | 'server' | undefined) ?? 'client') : undefined;
    shapes.set(name, {
      type: 'structure',
      members,
      ...(fault ? { error: fault } : {}),
      ...(traitSensitive(traits) ? { sensitive: true } : {}),
    });
  }

  // Every structure and error is exported as `Name$`; reconcile them all, reachable or not, so
  // structures nested in Smithy-known lists and maps get their new members too.
  const exported = Object.entries(sdk.module).filter(
    (entry): entry is [string, SdkStatic] => entry[0].endsWith('$') && isStatic(entry[1]),
  );
  for (const [, schema] of exported) {
    if (schema[0] !== 3 && schema[0] !== -3) continue;
    if (schema[2].endsWith('ServiceException')) continue; // the SDK's own base class
    reconcileStruct(schema);
    if (schema[0] === -3) target.errors.add(schema[2]);
  }

  // Operations.
  for (const [exportName, op] of exported) {
    if (op[0] !== 9) continue;
    const name = exportName.slice(0, -1);
    const ioTarget = (ref: SdkRef, role: string) => {
      const schema = deref(ref);
      return schema === 'unit' ? null : sdkTarget(ref, { struct: name, member: role }).target;
    };
    const input = ioTarget(op[4], 'input');
    const output = ioTarget(op[5], 'output');
    const sdkUnsigned = sdk.noAuth.has(name);
    const errors = sdk.throws(name);
    const known = operations.get(name);
    if (known) {
      if ((known.auth === 'none') !== sdkUnsigned)
        log(`  ${name}: Smithy auth ${known.auth}, SDK noAuth ${sdkUnsigned}`);
      if (known.input !== input || known.output !== output) log(`  ${name}: SDK input/output ${input}/${output}`);
      known.auth = known.auth === 'none' || sdkUnsigned ? 'none' : 'sigv4';
      known.errors = [...new Set([...known.errors, ...errors])].sort();
    } else {
      operations.set(name, { name, auth: sdkUnsigned ? 'none' : 'sigv4', input, output, errors: [...errors].sort() });
      log(`  + ${name} (${sdkUnsigned ? 'none' : 'sigv4'})`);
    }
  }

}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

/** Keeps only shapes reachable from the operations and errors, and checks every reference. */
function prune(loaded: LoadedService): Map<string, ShapeSpec> {
  const all = new Map<string, ShapeSpec>([...Object.entries(preludeShapes), ...loaded.shapes]);
  const kept = new Map<string, ShapeSpec>();
  const visit = (name: string, from: string) => {
    if (kept.has(name)) return;
    const shape = all.get(name);
    if (!shape) throw new Error(`${from} references unknown shape ${name}`);
    kept.set(name, shape);
    if (shape.type === 'structure') for (const m of Object.values(shape.members)) visit(m.target, name);
    else if (shape.type === 'list') visit(shape.member, name);
    else if (shape.type === 'map') {
      visit(shape.key, name);
      visit(shape.value, name);
    }
  };
  for (const op of loaded.operations.values()) {
    if (op.input) visit(op.input, op.name);
    if (op.output) visit(op.output, op.name);
    for (const error of op.errors) visit(error, op.name);
  }
  for (const error of loaded.errors) visit(error, 'errors');
  return kept;
}

const byName = <T>(map: Map<string, T>) => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/** One operation / shape per line: compact, yet reviewable as a diff when the models change. */
function render(loaded: LoadedService, shapes: Map<string, ShapeSpec>): string {
  const section = (entries: [string, unknown][]) =>
    `{\n${entries.map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n }`;
  return (
    `{\n "service": ${JSON.stringify(loaded.service)},\n` +
    ` "operations": ${section(byName(loaded.operations))},\n` +
    ` "shapes": ${section(byName(shapes))},\n` +
    ` "errors": ${JSON.stringify([...loaded.errors].sort())}\n}\n`
  );
}

/** A generated catalogue: where it goes and what it holds. */
export interface GeneratedFile {
  file: string;
  text: string;
}

function output(loaded: LoadedService): GeneratedFile {
  const shapes = prune(loaded);
  const file = join(outDir, `${loaded.service.name}.json`);
  const unsigned = [...loaded.operations.values()].filter((op) => op.auth === 'none').length;
  log(
    `${loaded.service.name}: ${loaded.operations.size} operations (${unsigned} unsigned), ` +
      `${shapes.size} shapes, ${loaded.errors.size} errors → ${file}`,
  );
  return { file, text: render(loaded, shapes) };
}

/**
 * What the service accepts beyond the models, stated here (each is documented by AWS):
 * - GetClientToken: its reference says IAM policies are not evaluated for it (the app client's
 *   secret authenticates the call), yet the SDK signs it; served unsigned.
 * - ExplicitAuthFlows: ALLOW_CLIENT_TOKEN_AUTH (GetClientToken's flow) is newer than the enum.
 * - DomainType: custom domains are fully qualified names (auth.example.com); the model's pattern
 *   has one DNS label only, which fits prefix domains. Several labels are accepted here and the
 *   handlers check each kind.
 */
function amendUserPools(idp: LoadedService): void {
  const op = idp.operations.get('GetClientToken');
  if (!op) throw new Error('cognito-idp: no GetClientToken');
  op.auth = 'none';
  const flows = idp.shapes.get('ExplicitAuthFlowsType');
  if (flows?.type !== 'enum') throw new Error('cognito-idp: no ExplicitAuthFlowsType enum');
  if (!flows.values.includes('ALLOW_CLIENT_TOKEN_AUTH')) {
    idp.shapes.set('ExplicitAuthFlowsType', { ...flows, values: [...flows.values, 'ALLOW_CLIENT_TOKEN_AUTH'] });
  }
  const domain = idp.shapes.get('DomainType');
  if (domain?.type !== 'string') throw new Error('cognito-idp: no DomainType string');
  idp.shapes.set('DomainType', { ...domain, pattern: '^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?)*$' });
}

/** The catalogues generated from the models in `modelsDir` (default: models/aws/), not written. */
export function generateCatalogs(modelsDir = join(root, 'models/aws'), quiet = false): GeneratedFile[] {
  if (quiet) log = () => {};
  const idp = loadSmithy(join(modelsDir, 'cognito-identity-provider-2016-04-18.json'), 'cognito-idp');
  log(`cognito-idp: Smithy ${idp.operations.size} operations; merging the AWS SDK schema:`);
  mergeSdk(idp, loadSdkSources());
  amendUserPools(idp);

  const sts = loadSmithy(join(modelsDir, 'sts-2011-06-15.json'), 'sts');
  // The 2025-04 snapshot has no auth trait on STS's web-identity and SAML exchanges, but they are
  // called without credentials: the AWS SDK's @aws-sdk/client-sts offers only smithy.api#noAuth
  // for them. Not a devDependency, so stated here.
  for (const name of ['AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity']) {
    const op = sts.operations.get(name);
    if (!op) throw new Error(`sts: no ${name}`);
    op.auth = 'none';
  }
  return [output(idp), output(loadSmithy(join(modelsDir, 'cognito-identity-2014-06-30.json'), 'cognito-identity')), output(sts)];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const flag = process.argv.indexOf('--models');
  const modelsDir = flag >= 0 && process.argv[flag + 1] ? resolve(process.argv[flag + 1]!) : undefined;
  mkdirSync(outDir, { recursive: true });
  for (const { file, text } of generateCatalogs(modelsDir)) writeFileSync(file, text);
}
