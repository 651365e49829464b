--liquibase formatted sql

--changeset kiln:plugin-jars
-- Builder plugins administered from the Plugins screen, shared by every node. A row with content is a
-- jar an admin uploaded; a row without content only records the state an admin gave a plugin that
-- ships with Kiln or sits in a node's plugins folder. Nodes follow changes through NOTIFY on the
-- kiln_plugins channel and re-read the table now and then.
create table plugin_jar (
    plugin_id    varchar(100) primary key,
    version      varchar(100),
    file_name    varchar(300),
    sha256       char(64),
    content      bytea,
    enabled      boolean      not null default true,
    -- Raised on every replace and reload, so each node knows it must load the plugin again.
    generation   bigint       not null default 0,
    uploaded_by  varchar(200),
    uploaded_at  timestamptz,
    disabled_by  varchar(200),
    disabled_at  timestamptz,
    constraint plugin_jar_content_described check (content is null or (version is not null
        and file_name is not null and sha256 is not null and uploaded_by is not null and uploaded_at is not null))
);
