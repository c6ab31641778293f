/** Table types for Kysely: the database as the SQL layer sees it (snake_case, numbers as ms). */
import type { Generated } from 'kysely';

export interface Database {
  user_pools: {
    id: string;
    name: string;
    config: string;
    user_count: number;
    created_at: number;
    updated_at: number;
  };
  user_pool_clients: {
    id: string;
    pool_id: string;
    name: string;
    config: string;
    secret_enc: string | null;
    created_at: number;
    updated_at: number;
    /** When the first secret slot was filled (null: with the client, at created_at). */
    secret_created_at: number | null;
    /** The second active client secret (AddUserPoolClientSecret), sealed. */
    secret2_enc: string | null;
    secret2_created_at: number | null;
  };
  user_pool_domains: {
    domain: string;
    pool_id: string;
    kind: string;
    managed_login_version: number;
    custom_domain_config: string | null;
    created_at: number;
    updated_at: number;
  };
  resource_servers: { pool_id: string; identifier: string; name: string; scopes: string; created_at: number; updated_at: number };
  ui_customizations: {
    pool_id: string; client_id: string; css: string | null; image_file: string | null; created_at: number; updated_at: number;
  };
  managed_login_brandings: {
    id: string; pool_id: string; client_id: string; use_cognito_provided_values: number; settings: string | null; assets: string;
    created_at: number; updated_at: number;
  };
  terms: {
    id: string; pool_id: string; client_id: string; name: string; source: string; enforcement: string; links: string;
    created_at: number; updated_at: number;
  };
  users: {
    id: string;
    pool_id: string;
    username: string;
    username_key: string;
    status: string;
    enabled: number;
    attributes: string;
    credentials_enc: string | null;
    state: string;
    created_at: number;
    updated_at: number;
  };
  user_search: { pool_id: string; attr: string; value: string; user_id: string };
  user_aliases: { pool_id: string; kind: string; value: string; user_id: string };
  groups: {
    pool_id: string;
    name: string;
    description: string | null;
    precedence: number | null;
    role_arn: string | null;
    created_at: number;
    updated_at: number;
  };
  group_members: { pool_id: string; group_name: string; user_id: string };
  codes: {
    user_id: string;
    purpose: string;
    pool_id: string;
    code_hash: string;
    expires_at: number;
    attempts: number;
    created_at: number;
  };
  outbox: {
    id: Generated<number>;
    pool_id: string;
    channel: string;
    destination: string;
    subject: string | null;
    body: string;
    purpose: string;
    username: string;
    created_at: number;
    attempts: number;
    next_attempt_at: number;
    claimed_until: number;
    sent_at: number | null;
    last_error: string | null;
  };
  counters: { key: string; count: number; window_end: number };
  decoy_codes: {
    subject: string;
    purpose: string;
    pool_id: string;
    code_hash: string;
    body: string;
    expires_at: number;
    attempts: number;
    created_at: number;
  };
  provisioned_limits: { category: string; limit_value: number; updated_at: number };
  signing_keys: {
    pool_id: string;
    use: string;
    generation: number;
    kid: string;
    private_key_enc: string;
    public_jwk: string;
    created_at: number;
    retired_at: number | null;
    publish_until: number | null;
  };
  refresh_tokens: {
    token_hash: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    device_key: string | null;
    origin_jti: string;
    auth_time: number;
    issued_at: number;
    expires_at: number;
    revoked_at: number | null;
    replaced_by: string | null;
    grace_until: number | null;
    scope: string | null;
    audience: string | null;
  };
  oauth_codes: {
    code_hash: string;
    pool_id: string;
    client_id: string;
    user_id: string;
    redirect_uri: string;
    scope: string;
    nonce: string | null;
    code_challenge: string | null;
    resource: string | null;
    auth_time: number;
    origin_jti: string;
    expires_at: number;
    used_at: number | null;
  };
  hosted_sessions: { id_hash: string; pool_id: string; user_id: string; auth_time: number; expires_at: number };
  token_revocations: { key: string; revoked_at: number; expires_at: number };
  sign_in_failures: { subject: string; failures: number; last_failure_at: number; last_attempt_at: number; pending: number; pending_until: number };
  auth_used_nonces: { nonce: string; expires_at: number };
  server_secrets: { name: string; secret_enc: string; created_at: number };
  kek_canaries: { key_id: string; canary_enc: string; created_at: number };
  identity_pools: {
    id: string;
    name: string;
    config: string;
    roles: string;
    tag_maps: string;
    tags: string;
    created_at: number;
    updated_at: number;
  };
  identities: { id: string; pool_id: string; disabled: number; created_at: number; updated_at: number };
  identity_logins: { pool_id: string; provider: string; subject: string; identity_id: string; created_at: number };
  identity_signing_keys: { generation: number; kid: string; private_key_enc: string; public_jwk: string; created_at: number };
  iam_roles: {
    name_key: string;
    name: string;
    path: string;
    role_id: string;
    arn: string;
    trust_policy: string;
    description: string | null;
    max_session_duration: number;
    tags: string;
    created_at: number;
  };
  iam_role_policies: { role_name_key: string; policy_name: string; document: string };
  iam_oidc_providers: {
    url_key: string;
    url: string;
    arn: string;
    client_ids: string;
    thumbprints: string;
    tags: string;
    created_at: number;
  };
  sts_credentials: {
    access_key_id: string;
    secret_enc: string;
    role_arn: string;
    role_name_key: string;
    session_name: string;
    assumed_role_id: string;
    identity: string;
    principal_tags: string;
    session_policies: string;
    unknown_role: number;
    created_at: number;
    expires_at: number;
    revoked_at: number | null;
  };
  software_tokens: {
    id: string;
    user_id: string;
    pool_id: string;
    secret_enc: string;
    verified: number;
    friendly_name: string | null;
    last_step: number | null;
    created_at: number;
  };
  webauthn_credentials: {
    credential_id: string;
    user_id: string;
    pool_id: string;
    public_key: string;
    sign_count: number;
    transports: string;
    friendly_name: string;
    relying_party_id: string;
    aaguid: string;
    authenticator_attachment: string | null;
    created_at: number;
  };
  devices: {
    device_key: string;
    pool_id: string;
    user_id: string;
    group_key: string;
    verifier: string | null;
    salt: string | null;
    name: string | null;
    status: string | null;
    last_authenticated_at: number | null;
    last_ip: string | null;
    created_at: number;
    modified_at: number;
    expires_at: number | null;
  };
}
