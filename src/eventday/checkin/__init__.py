"""Check-in at the door and per workshop, online presence, and who attended."""
