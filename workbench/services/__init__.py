"""Every write goes through a service: permission checks and transactions live here."""
