"""The programme: rooms, tracks, speakers and sessions; schedule exports and imports."""
