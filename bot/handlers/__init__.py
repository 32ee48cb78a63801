"""One router per feature; `bot.app.CORE_FEATURES` lists them in the order they are tried."""
