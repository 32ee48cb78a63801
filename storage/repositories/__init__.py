"""Queries, one module per aggregate. Core services use these; handlers never build SQL.

The rule (docs/architecture.md, "Data access"): a table with several owners — policies,
appointments, tickets and their messages, card bindings — is queried only through its repository
here (policies.py, appointments.py, tickets.py, card_bindings.py), so that the check that a row is
this person's lives in one place per table and one question is one method.
"""
