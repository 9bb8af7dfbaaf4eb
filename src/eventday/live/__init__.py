"""Live interaction: participants join by code, activities, the hub that publishes
snapshots over websockets, word clouds and the projector."""
