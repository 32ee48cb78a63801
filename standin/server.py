"""The stand-in over HTTP on 127.0.0.1: a real bot process cannot tell it from Telegram.

Serves `/bot<token>/<method>` (query string, url-encoded or multipart form, or JSON body) and file
downloads under `/file/bot<token>/<path>`, all from one `BotApiStandin`.
"""

from __future__ import annotations

import json
from types import TracebackType
from typing import Any

from aiohttp import BodyPartReader, web

from standin.telegram import BotApiStandin, Upload


def create_app(standin: BotApiStandin, token: str | None = None) -> web.Application:
    async def api(request: web.Request) -> web.Response:
        if token is not None and request.match_info["token"] != token:
            answer = {"ok": False, "error_code": 401, "description": "Unauthorized"}
            return web.json_response(answer, status=401)
        params: dict[str, Any] = dict(request.query)
        uploads: dict[str, Upload] = {}
        if request.content_type == "application/json":
            body = await request.json()
            params.update({k: v if isinstance(v, str) else json.dumps(v) for k, v in body.items()})
        elif request.content_type == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if not isinstance(part, BodyPartReader) or part.name is None:
                    continue
                if part.filename:
                    uploads[part.name] = (bytes(await part.read()), part.filename)
                else:
                    params[part.name] = await part.text()
        elif request.can_read_body:
            params.update(await request.post())
        status, answer = await standin.handle(request.match_info["method"], params, uploads)
        return web.json_response(answer, status=status)

    async def download(request: web.Request) -> web.Response:
        if token is not None and request.match_info["token"] != token:
            return web.Response(status=401)
        stored = standin.file_by_path(request.match_info["path"])
        if stored is None:
            return web.Response(status=404)
        return web.Response(
            body=stored.data, content_type=stored.mime_type or "application/octet-stream"
        )

    app = web.Application(client_max_size=50 * 1024 * 1024)
    app.router.add_route("*", "/bot{token}/{method}", api)
    app.router.add_get("/file/bot{token}/{path:.+}", download)
    return app


class StandinServer:
    """`async with StandinServer(standin) as server:` → `server.url` is the Bot API base URL."""

    def __init__(
        self,
        standin: BotApiStandin,
        host: str = "127.0.0.1",
        port: int = 0,
        token: str | None = None,
    ) -> None:
        self.standin = standin
        self.host = host
        self.port = port
        self.token = token
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    async def __aenter__(self) -> StandinServer:
        # Pending long polls are cut at once on exit, not waited for (they may last 30 s).
        self._runner = web.AppRunner(
            create_app(self.standin, self.token), access_log=None, shutdown_timeout=0.2
        )
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.standin.close()
        if self._runner is not None:
            await self._runner.cleanup()
