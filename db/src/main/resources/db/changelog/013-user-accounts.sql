--liquibase formatted sql

--changeset kiln:users-username-key
-- Which names are the same account is decided by Kiln's Java function Usernames.key (NFKC, then
-- Unicode case folding), stored here and unique, never by SQL's lower(): its idea of case depends
-- on the database's locale and disagreed with Java's, so one account could be reached under a
-- name with a log-in counter of its own. Every name Kiln has stored so far is ASCII letters,
-- digits and ._@-, whose key is the name with A-Z lowered, which translate() computes the same in
-- every locale. Kiln checks every key against its own function at start and corrects any that
-- differs.
alter table users add column username_key varchar(100);
update users set username_key = translate(username, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');
alter table users alter column username_key set not null;
drop index users_username_key;
create unique index users_username_key_key on users (username_key);

--changeset kiln:users-credentials-version
-- Counts the events that end every session of a user: a password reset or change, a disable. A
-- session holds the version its log-in saw, and a node ends any session whose version is older
-- than this, on every node alike, since the database holds it.
alter table users add column credentials_version bigint not null default 0;
