/**
 * The storage port of terms documents (implemented in storage/sql/terms.ts): per app client, a
 * named document (terms of use, privacy policy) with a link per language.
 */
import type { Page, PageRequest } from '../../storage/store.ts';

export interface TermsRow {
  id: string;
  poolId: string;
  clientId: string;
  name: string;
  source: string;
  enforcement: string;
  links: Record<string, string>;
  createdAt: number;
  updatedAt: number;
}

export interface TermsRepo {
  /** Throws UniqueViolation('terms') when the client has a document of this name. */
  insert(row: TermsRow): Promise<void>;
  get(poolId: string, id: string): Promise<TermsRow | undefined>;
  byClientAndName(poolId: string, clientId: string, name: string): Promise<TermsRow | undefined>;
  /** The client's documents (a handful), whatever its pool. */
  forClient(clientId: string): Promise<TermsRow[]>;
  /** Rewrites name, source, enforcement and links; throws UniqueViolation('terms') on a taken name. */
  update(row: TermsRow): Promise<boolean>;
  delete(poolId: string, id: string): Promise<boolean>;
  list(poolId: string, page: PageRequest): Promise<Page<TermsRow>>;
}
