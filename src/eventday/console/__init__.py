"""The moderator's live console: run of show, moderation, announcements, audit log."""
