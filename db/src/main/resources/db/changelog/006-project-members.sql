--liquibase formatted sql

--changeset kiln:project-members
-- Who may see and change a project besides admins: owners manage members, secrets and deletion;
-- maintainers edit and run; viewers look at builds, logs and artifacts.
create table project_members (
    project_id bigint      not null references projects (id) on delete cascade,
    user_id    bigint      not null references users (id) on delete cascade,
    role       varchar(20) not null,
    added_at   timestamptz not null,
    added_by   varchar(100) not null,
    primary key (project_id, user_id),
    constraint project_members_role_check check (role in ('OWNER', 'MAINTAINER', 'VIEWER'))
);
create index project_members_user_idx on project_members (user_id);
