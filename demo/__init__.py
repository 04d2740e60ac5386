"""The demo town: seed_demo and the stories it tells; nothing imports it."""
