--liquibase formatted sql

--changeset kiln:secrets
-- Values are stored only sealed (HPKE with the secrets' public key), bound to id, scope and name.
-- Ids come from a sequence before the insert, because the id is part of what the value is sealed to.
create sequence secrets_seq;
create table secrets (
    id          bigint       primary key,
    project_id  bigint       references projects (id) on delete cascade,
    name        varchar(64)  not null,
    description varchar(500) not null default '',
    ciphertext  bytea        not null,
    created_at  timestamptz  not null,
    updated_at  timestamptz  not null,
    version     bigint       not null default 0
);
create unique index secrets_global_name_key on secrets (lower(name)) where project_id is null;
create unique index secrets_project_name_key on secrets (project_id, lower(name)) where project_id is not null;

--changeset kiln:secrets-on-projects
-- The names of the secrets a project's builds receive as environment variables, one per line; a
-- build keeps the list it was queued with.
alter table projects add column secret_names text not null default '';
alter table builds add column secret_names text not null default '';
