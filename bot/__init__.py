"""aiogram glue of dms-assistant: routers, state groups, middlewares, keyboards, the CLI."""
