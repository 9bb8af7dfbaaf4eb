"""Events: the day itself, its settings, its join code and its team."""
