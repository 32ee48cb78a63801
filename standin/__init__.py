"""The Bot API stand-in: Telegram without Telegram, for the console, the tests and the benchmarks.

Importing it loads neither aiogram nor the bot: `standin.telegram` (the Telegram side of chats),
`standin.person` (a person typing into it) and `standin.server` (the same stand-in over HTTP, for a
real bot process) need only aiohttp. What feeds the production dispatcher in-process lives in its
own modules, imported by name: `standin.session` (an aiogram session talking to the stand-in) and
`standin.rig` (`InProcessBot`, which builds the dispatcher).
"""

from standin.person import Person
from standin.telegram import BotApiStandin, StoredMessage

__all__ = ["BotApiStandin", "Person", "StoredMessage"]
