"""Registration: the form, registering, capacity and waitlist, tickets, the private link."""
