"""Domain services of dms-assistant: plain Python, free of aiogram."""
