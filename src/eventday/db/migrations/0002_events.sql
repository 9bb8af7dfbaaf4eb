-- Events and the per-event roles an organiser grants to moderators and staff.
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    venue TEXT NOT NULL DEFAULT '',
    online_url TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT 'onsite' CHECK (format IN ('onsite', 'online', 'hybrid')),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    timezone TEXT NOT NULL,
    capacity INTEGER,
    registration_opens_at TEXT,
    registration_closes_at TEXT,
    requires_approval INTEGER NOT NULL DEFAULT 0,
    contact_email TEXT NOT NULL DEFAULT '',
    join_code TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    CHECK (ends_at > starts_at)
);

CREATE TABLE event_roles (
    event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('moderator', 'staff')),
    granted_by INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    granted_at TEXT NOT NULL,
    PRIMARY KEY (event_id, account_id, role)
);
