"""The funder's report, event series with targets, and certificates of attendance."""
