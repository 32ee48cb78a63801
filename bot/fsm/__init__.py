"""The dialogues' registry (`dialogues.py`): what the bot knows of each dialogue to resume it.
Each feature's states live in its package (`bot/features/<name>/states.py`)."""
