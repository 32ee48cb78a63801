"""What several features share: requiring a profile, the one operator check, formats in the
person's language, clinic lines, the keyboards' building blocks, and the two registries through
which one feature reaches another without importing it (intents for buttons, entries for steps).

A feature imports nothing from another feature; what two of them need lives here."""
