"""The organiser's home and event settings: pages composed from several features."""
