/**
 * The operation catalogue of the services Alcove speaks (Cognito user pools, Cognito identity
 * pools, STS), generated from AWS's Smithy models in `models/aws/` (plus the AWS SDK's bundled
 * schema for user-pool operations newer than the model snapshot) by `scripts/gen-catalog.ts`. This module only loads the generated JSON and gives it types; the
 * generator is the place that knows how the models are read.
 */
import cognitoIdp from './catalog/cognito-idp.json' with { type: 'json' };
import cognitoIdentity from './catalog/cognito-identity.json' with { type: 'json' };
import sts from './catalog/sts.json' with { type: 'json' };

export type ServiceName = 'cognito-idp' | 'cognito-identity' | 'sts';

/** `none` = the operation is public (Smithy `@auth([])`/`@optionalAuth`, SDK `smithy.api#noAuth`). */
export type AuthKind = 'sigv4' | 'none';

export interface OperationSpec {
  readonly name: string;
  readonly auth: AuthKind;
  /** Shape names in `shapes`; `null` when the model says `smithy.api#Unit` (an empty `{}`). */
  readonly input: string | null;
  readonly output: string | null;
  /** Error shape names the operation declares (Smithy model ∪ SDK `@throws`), sorted. */
  readonly errors: readonly string[];
}

export interface MemberSpec {
  readonly target: string;
  readonly required?: true;
  /** Set when the member or its target carries `@sensitive`: values never appear in messages. */
  readonly sensitive?: true;
}

/** Length bounds: Unicode code points for strings, entries for lists and maps, bytes for blobs. */
export interface Bounded {
  readonly min?: number;
  readonly max?: number;
}

export interface StructureShape {
  readonly type: 'structure';
  /** In model declaration order, which is also the order validation errors are reported in. */
  readonly members: Readonly<Record<string, MemberSpec>>;
  /** Present on error shapes: who is at fault. */
  readonly error?: 'client' | 'server';
  readonly sensitive?: true;
}
export interface ListShape extends Bounded {
  readonly type: 'list';
  readonly member: string;
  readonly sensitive?: true;
}
export interface MapShape extends Bounded {
  readonly type: 'map';
  readonly key: string;
  readonly value: string;
  readonly sensitive?: true;
}
interface StringShape extends Bounded {
  readonly type: 'string';
  /** The Smithy pattern verbatim (a Java regex; find semantics unless anchored). */
  readonly pattern?: string;
  readonly sensitive?: true;
}
interface EnumShape {
  readonly type: 'enum';
  /** Allowed values in model order (AWS lists them in this order in error messages). */
  readonly values: readonly string[];
  readonly sensitive?: true;
}
interface NumberShape {
  readonly type: 'integer' | 'long';
  /** Value range (inclusive). */
  readonly min?: number;
  readonly max?: number;
  readonly sensitive?: true;
}
interface BlobShape extends Bounded {
  readonly type: 'blob';
  readonly sensitive?: true;
}
interface ScalarShape {
  readonly type: 'boolean' | 'timestamp' | 'document';
  readonly sensitive?: true;
}

export type ShapeSpec =
  | StructureShape
  | ListShape
  | MapShape
  | StringShape
  | EnumShape
  | NumberShape
  | BlobShape
  | ScalarShape;

export interface ServiceCatalog {
  readonly service: {
    readonly name: ServiceName;
    /** `X-Amz-Target` prefix, e.g. `AWSCognitoIdentityProviderService`. */
    readonly targetPrefix: string;
    readonly version: string;
    readonly signingName: string;
    /** The wire protocol: AWS JSON 1.1 (`X-Amz-Target`) or the query protocol (`Action=`). */
    readonly protocol: 'awsJson1_1' | 'awsQuery';
  };
  readonly operations: Readonly<Record<string, OperationSpec>>;
  readonly shapes: Readonly<Record<string, ShapeSpec>>;
  /** Every error shape name of the service, sorted. */
  readonly errors: readonly string[];
}

// The JSON's inferred literal types are wider than these (plain `string`s); the generator is what
// guarantees the shape, so a single cast here is the contract.
const catalogs: Readonly<Record<ServiceName, ServiceCatalog>> = {
  'cognito-idp': cognitoIdp as unknown as ServiceCatalog,
  'cognito-identity': cognitoIdentity as unknown as ServiceCatalog,
  sts: sts as unknown as ServiceCatalog,
};

export const getCatalog = (service: ServiceName): ServiceCatalog => catalogs[service];

export function getOperation(service: ServiceName, name: string): OperationSpec | undefined {
  const operations = catalogs[service].operations;
  // Own-property check: `name` comes off the wire and could be `constructor` or `__proto__`.
  return Object.hasOwn(operations, name) ? operations[name] : undefined;
}

export const listOperations = (service: ServiceName): readonly OperationSpec[] =>
  Object.values(catalogs[service].operations);

export function getShape(service: ServiceName, name: string): ShapeSpec | undefined {
  const shapes = catalogs[service].shapes;
  return Object.hasOwn(shapes, name) ? shapes[name] : undefined;
}
