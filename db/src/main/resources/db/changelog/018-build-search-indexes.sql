--liquibase formatted sql

--changeset kiln:build-search-indexes
-- A project's history filtered by state or by trigger, newest first, a page at a time: without
-- these, a rare state (ERROR) or one no build is in walks every build of the project (measured on
-- a million builds: 45 ms and 257 ms; with them under 1 ms; docs/performance.md). Branch and
-- commit filters use the indexes of 014.
create index builds_project_state on builds (project_id, state, number);
create index builds_project_trigger on builds (project_id, trigger_kind, number);
