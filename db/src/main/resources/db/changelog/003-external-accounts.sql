--liquibase formatted sql

--changeset kiln:users-external-accounts
-- Users who log in through an OpenID provider: no password, identified by the provider and its subject.
alter table users add column provider varchar(100);
alter table users add column subject varchar(255);
alter table users add column email varchar(320);
create unique index users_provider_subject_key on users (provider, subject) where provider is not null;
