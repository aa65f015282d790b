-- People administration and sign-in: when each person last signed in, why a device's session ended
-- (so a deactivated person's device hears "deactivated", not "sign in again"), one-time password
-- links, single sign-on identities and flows, and indexes for filtering and keyset-paging the audit log.

ALTER TABLE users ADD COLUMN last_sign_in_at timestamptz;

-- A session ended by an administrator (deactivation) leaves its token hash here until it would
-- have expired, so the device that still holds the cookie is told why it was signed out.
CREATE TABLE ended_sessions (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  reason text NOT NULL CHECK (reason IN ('deactivated')),
  ended_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ended_sessions_user ON ended_sessions (user_id);

-- One-time links to set a password (an invitation or a reset). Only a hash of the token is stored.
CREATE TABLE password_links (
  token_hash text PRIMARY KEY,
  user_id text NOT NULL REFERENCES users (id),
  created_by text REFERENCES users (id),
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX password_links_user ON password_links (user_id);

-- A person's account at a single sign-on issuer: the issuer's stable subject for them.
CREATE TABLE user_identities (
  issuer_id text NOT NULL,
  subject text NOT NULL,
  user_id text NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_sign_in_at timestamptz,
  PRIMARY KEY (issuer_id, subject),
  UNIQUE (issuer_id, user_id)
);

-- A single sign-on attempt between the redirect to the issuer and its answer: single use, short-lived,
-- and in the database so any server process can finish what another started.
CREATE TABLE oidc_flows (
  state text PRIMARY KEY,
  issuer_id text NOT NULL,
  code_verifier text NOT NULL,
  nonce text NOT NULL,
  return_to text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);

-- The audit log viewer pages newest first by id, filtered by who, which record, which action, or when.
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_entity ON audit_log (entity_id, id);
CREATE INDEX audit_log_action ON audit_log (action, id);
CREATE INDEX audit_log_at ON audit_log (at);
