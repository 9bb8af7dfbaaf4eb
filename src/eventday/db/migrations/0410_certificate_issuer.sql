-- Who issues an event's certificates of attendance: the organisation's name, an
-- optional logo (PNG or JPEG as uploaded, checked with Pillow), and the signer's name
-- and title. No row: the certificate names no issuer.

CREATE TABLE certificate_issuers (
    event_id INTEGER PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    organisation TEXT NOT NULL DEFAULT '',
    signer_name TEXT NOT NULL DEFAULT '',
    signer_title TEXT NOT NULL DEFAULT '',
    logo BLOB,
    logo_type TEXT CHECK (logo_type IN ('image/png', 'image/jpeg')),
    updated_at TEXT NOT NULL
);
