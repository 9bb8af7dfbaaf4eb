"""Downloads for organisers: attendance, engagement, activity results, top ideas."""
