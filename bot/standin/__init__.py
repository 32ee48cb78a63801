"""The Bot API stand-in: Telegram without Telegram, for the console and the tests."""

from bot.standin.person import Person
from bot.standin.rig import InProcessBot
from bot.standin.session import StandinSession
from bot.standin.telegram import BotApiStandin, StoredMessage

__all__ = ["BotApiStandin", "InProcessBot", "Person", "StandinSession", "StoredMessage"]
