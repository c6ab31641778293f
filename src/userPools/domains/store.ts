/**
 * The storage port of user pool domains (implemented in storage/sql/domains.ts). A domain name
 * belongs to one pool (its primary key); a pool has at most one domain of each kind (a unique
 * index), so two racing creations cannot both succeed.
 */
import type { CustomDomainConfigType } from '@aws-sdk/client-cognito-identity-provider';

export type DomainKind = 'prefix' | 'custom';

export interface DomainRow {
  /** The prefix alone for a prefix domain, the fully qualified name for a custom domain. */
  domain: string;
  poolId: string;
  kind: DomainKind;
  managedLoginVersion: number;
  customDomainConfig: CustomDomainConfigType | null;
  createdAt: number;
  updatedAt: number;
}

export interface DomainRepo {
  /** Throws UniqueViolation('domain') when the name is taken or the pool has a domain of this kind. */
  insert(row: DomainRow): Promise<void>;
  get(domain: string): Promise<DomainRow | undefined>;
  /** The pool's domains (at most one of each kind). */
  forPool(poolId: string): Promise<DomainRow[]>;
  /** Sets the version and custom configuration of the pool's domain; false when it has no such domain. */
  update(row: Pick<DomainRow, 'domain' | 'poolId' | 'managedLoginVersion' | 'customDomainConfig' | 'updatedAt'>): Promise<boolean>;
  /** Deletes the pool's domain; false when the pool has no such domain. */
  delete(poolId: string, domain: string): Promise<boolean>;
}
