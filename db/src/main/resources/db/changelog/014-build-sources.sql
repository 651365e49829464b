--liquibase formatted sql

--changeset kiln:project-source
-- A project's git repository, optional: a project without one builds its script in an empty
-- workspace as before. The credential is the name of a secret (an SSH deploy key or an HTTPS
-- token), opened only on the runner that fetches; it never reaches the build. Branch and tag
-- patterns pick which webhook pushes build (one glob per line; empty = every branch, every tag).
alter table projects add column repository_url varchar(500);
alter table projects add column default_branch varchar(255);
alter table projects add column credential_secret varchar(64);
alter table projects add column submodules boolean not null default false;
alter table projects add column branch_patterns varchar(2000) not null default '';
alter table projects add column tag_patterns varchar(2000) not null default '';
alter table projects add column pull_requests boolean not null default false;

--changeset kiln:build-source
-- What a build builds, copied from its project when it is queued (repository, credential name,
-- submodules, the ref its trigger asked for), then the commit it resolved to: recorded once, by
-- the runner that first starts it (or taken from a webhook's push), and copied to its retries and
-- rebuilds so that they build the same commit.
alter table builds add column repository_url varchar(500);
alter table builds add column credential_secret varchar(64);
alter table builds add column submodules boolean not null default false;
alter table builds add column requested_ref varchar(255);
alter table builds add column git_ref varchar(255);
alter table builds add column git_commit varchar(40);
alter table builds add column commit_subject varchar(300);
alter table builds add column commit_author varchar(300);
alter table builds add column commit_time timestamptz;
alter table builds add column rebuild_of bigint references builds (id) on delete set null;
create index builds_project_commit on builds (project_id, git_commit);
create index builds_project_ref on builds (project_id, git_ref, id);

--changeset kiln:build-trigger-rebuild
-- Rebuild: someone asked for a finished build again, same commit, same parameters.
alter table builds drop constraint builds_trigger_kind_check;
alter table builds add constraint builds_trigger_kind_check
    check (trigger_kind in ('MANUAL', 'SCHEDULE', 'WEBHOOK', 'API', 'RETRY', 'REBUILD'));
