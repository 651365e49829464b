--liquibase formatted sql

--changeset kiln:build-fork-secrets
-- A build of a pull request from a fork runs code written outside the project, so it gets no
-- secrets (neither the project's listed ones nor those its builder settings name): set when it is
-- queued, kept by its retries and rebuilds. An owner may approve one such build: Kiln then queues
-- a rebuild of the same commit that gets them, recording who approved it.
alter table builds add column secrets_withheld boolean not null default false;
alter table builds add column secrets_approved_by varchar(100);
