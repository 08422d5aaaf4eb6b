"""RefStack: OpenStack interoperability results service."""
