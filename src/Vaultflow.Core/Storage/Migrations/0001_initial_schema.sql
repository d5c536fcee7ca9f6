-- 0001: records, the idempotency ledger, failures, and the app role's grants.
-- Runs as the owner role inside one transaction (see MigrationRunner). The app role's name comes from
-- the runner as current_setting('vaultflow.app_role') (default vaultflow_app), so this file, and its
-- checksum, never change with the deployment.

CREATE TABLE records (
    id                uuid        PRIMARY KEY,
    idempotency_key   text        NOT NULL,
    message_type      text        NULL,
    ciphertext        bytea       NOT NULL,
    key_id            text        NOT NULL,
    blind_index       text        NULL,
    source_message_id text        NULL,
    execution_name    text        NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT records_idempotency_key_unique UNIQUE (idempotency_key),
    -- 1 KiB keeps the unique index entry well under the btree row limit.
    CONSTRAINT records_idempotency_key_length CHECK (octet_length(idempotency_key) BETWEEN 1 AND 1024),
    CONSTRAINT records_ciphertext_not_empty CHECK (octet_length(ciphertext) > 0),
    CONSTRAINT records_key_id_not_empty CHECK (length(key_id) > 0),
    CONSTRAINT records_blind_index_not_empty CHECK (blind_index IS NULL OR length(blind_index) > 0)
);

CREATE INDEX records_blind_index_idx ON records (blind_index) WHERE blind_index IS NOT NULL;

CREATE TABLE idempotency_steps (
    idempotency_key  text        NOT NULL,
    step             text        NOT NULL,
    status           text        NOT NULL,
    owner_request_id text        NOT NULL,
    lease_expires_at timestamptz NULL,
    attempts         integer     NOT NULL DEFAULT 1,
    result           jsonb       NULL,
    error_type       text        NULL,
    error_message    text        NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT idempotency_steps_pkey PRIMARY KEY (idempotency_key, step),
    CONSTRAINT idempotency_steps_status_known CHECK (status IN ('in_progress', 'completed', 'failed')),
    CONSTRAINT idempotency_steps_key_length CHECK (octet_length(idempotency_key) BETWEEN 1 AND 1024),
    CONSTRAINT idempotency_steps_step_length CHECK (octet_length(step) BETWEEN 1 AND 128),
    CONSTRAINT idempotency_steps_owner_not_empty CHECK (length(owner_request_id) > 0),
    CONSTRAINT idempotency_steps_attempts_positive CHECK (attempts >= 1),
    -- A step in progress always has a lease; a completed step always has its result; a failed one its error.
    CONSTRAINT idempotency_steps_in_progress_has_lease CHECK (status <> 'in_progress' OR lease_expires_at IS NOT NULL),
    CONSTRAINT idempotency_steps_completed_has_result CHECK (status <> 'completed' OR result IS NOT NULL),
    CONSTRAINT idempotency_steps_failed_has_error CHECK (status <> 'failed' OR error_type IS NOT NULL)
);

CREATE TABLE failures (
    id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    idempotency_key   text        NULL,
    source_message_id text        NULL,
    reason            text        NOT NULL,
    error_type        text        NULL,
    cause             text        NULL,
    execution_name    text        NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT failures_reason_not_empty CHECK (length(reason) > 0)
);

CREATE INDEX failures_idempotency_key_idx ON failures (idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Least privilege for the app role: records are write-once (no UPDATE, no DELETE), the ledger is
-- updated in place, failures are append-only. Only the owner can DROP; nobody is granted TRUNCATE.
-- PostgreSQL 15 already denies CREATE on public to PUBLIC; the REVOKE keeps older clusters in line.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

DO $grants$
DECLARE
    app_role text := current_setting('vaultflow.app_role');
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = app_role) THEN
        RAISE EXCEPTION 'the app role "%" does not exist', app_role
            USING HINT = 'Create it (scripts/setup creates vaultflow_app) or pass its name in MigrationOptions.AppRole.';
    END IF;
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE records TO %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON TABLE idempotency_steps TO %I', app_role);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE failures TO %I', app_role);
    EXECUTE format('GRANT USAGE ON SEQUENCE failures_id_seq TO %I', app_role);
END
$grants$;
