"""State groups of the dialogues (one module per flow) and the registry that can resume them."""
