-- The embedded OIDC issuer's state (schema `identity`): users, signing keys, client secrets, oidc-provider's models.
CREATE TABLE IF NOT EXISTS users (
  name          text        PRIMARY KEY,
  -- scrypt$<N>$<r>$<p>$<salt b64url>$<hash b64url>: never the password itself
  password_hash text        NOT NULL,
  roles         text[]      NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

-- ES256 private JWKs, sealed with the platform's data keys; the newest signs, the others stay in the JWKS until retire_at.
CREATE TABLE IF NOT EXISTS signing_keys (
  kid        text        PRIMARY KEY,
  sealed_jwk text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retire_at  timestamptz
);

-- Generated secrets (cookie keys, confidential clients' secrets), sealed.
CREATE TABLE IF NOT EXISTS secrets (
  name         text        PRIMARY KEY,
  sealed_value text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now()
);

-- oidc-provider's models (sessions, interactions, codes, grants, refresh tokens…), one row per id.
CREATE TABLE IF NOT EXISTS oidc_payloads (
  model       text        NOT NULL,
  id          text        NOT NULL,
  payload     jsonb       NOT NULL,
  grant_id    text,
  user_code   text,
  uid         text,
  expires_at  timestamptz,
  consumed_at timestamptz,
  PRIMARY KEY (model, id)
);
CREATE INDEX IF NOT EXISTS oidc_payloads_grant_id ON oidc_payloads (grant_id);
CREATE INDEX IF NOT EXISTS oidc_payloads_uid ON oidc_payloads (model, uid);
CREATE INDEX IF NOT EXISTS oidc_payloads_expires_at ON oidc_payloads (expires_at);
