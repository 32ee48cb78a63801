"""Queries, one module per aggregate. Core services use these; handlers never build SQL."""
