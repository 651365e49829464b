--liquibase formatted sql

--changeset kiln:repository-checks
-- "Check access" on the project form: the web node that a maintainer clicked on writes the
-- request here and polls for the answer; a runner node (only runners open credentials) tries the
-- repository and writes the answer in words. The credential is named, never stored: the runner
-- opens it itself. Rows are short-lived; each new request removes those older than a day.
create table repository_checks (
  id bigserial primary key,
  project_id bigint references projects(id) on delete cascade,
  repository_url varchar(500) not null,
  default_branch varchar(255) not null default '',
  credential_secret varchar(64) not null default '',
  submodules boolean not null default false,
  requested_by varchar(100) not null,
  requested_at timestamp with time zone not null,
  answered_at timestamp with time zone,
  answered_by varchar(100),
  reachable boolean,
  answer varchar(2000)
);
