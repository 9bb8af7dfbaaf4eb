"""Staff accounts (organiser, moderator, check-in staff), login, roles and API tokens."""
