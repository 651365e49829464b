--liquibase formatted sql

--changeset kiln:webhook-deliveries
-- What each accepted delivery was, for the project's Webhook tab: the sender's event name and a
-- one-line summary (for example "push to refs/heads/main by octocat").
alter table webhook_deliveries add column event varchar(100) not null default '';
alter table webhook_deliveries add column summary varchar(300) not null default '';
