"""The payment provider's side on our web server: the sandbox's card page, the notification
endpoint a provider calls, and the page a person returns to from YooKassa's.

The page is a plain HTML form (it works with JavaScript off, every check repeated here), marked
«ТЕСТОВЫЙ РЕЖИМ» on every screen, at a single-use link that expires. What is posted lives for one
request: the number and CVC are never stored, logged or sent back in a page. A bound or declined
card is reported through the same notification path a real provider uses — signed with HMAC, and
refused when the signature does not match.
"""

from __future__ import annotations

import functools
import logging
from typing import TYPE_CHECKING, Any

from aiohttp import web

from core.franchise import UnknownBinding
from core.i18n import DEFAULT_LOCALE
from core.payments import ForgedNotification, PaymentError, ProviderUnavailable, client_address
from core.payments.sandbox import (
    DECLINING,
    SIGNATURE_HEADER,
    CardCheck,
    CardFace,
    Outcome,
    Sandbox,
    check_card,
)
from core.services import Services

if TYPE_CHECKING:
    import jinja2

logger = logging.getLogger(__name__)

NOTIFICATION_LIMIT = 64 * 1024
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
}
FIELD_OF = {CardCheck.NUMBER: "number", CardCheck.EXPIRY: "expiry", CardCheck.CVC: "cvc"}


async def receive_notification(
    services: Services, body: bytes, headers: dict[str, str], client: str | None
) -> int:
    """A provider's notification, as the endpoint gets it: the HTTP status to answer (a 5xx
    makes the provider repeat it later)."""
    try:
        async with services.db.unit_of_work():
            await services.franchises.receive(body, headers, client)
    except ForgedNotification as error:
        logger.warning("payments: a notification refused: %s", error)
        return 403
    except UnknownBinding as error:
        logger.warning("payments: a notification for no binding of ours: %s", error)
        return 404
    except ProviderUnavailable as error:
        logger.warning("payments: a notification could not be checked now: %s", error.reason)
        return 503
    return 200


@functools.cache
def templates() -> jinja2.Environment:
    """Loaded on the first page shown: a bot that never shows one keeps jinja2 (2 MB) out."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.PackageLoader("bot", "templates"),
        autoescape=jinja2.select_autoescape(default=True),
    )


def render(
    services: Services, language: str, screen: str, status: int = 200, **values: Any
) -> web.Response:
    t = services.catalogue.translator(language).plain
    html = (
        templates()
        .get_template("sandbox.html")
        .render(
            {"errors": {}, "expiry": "", "action": "", "test": True, **values},
            lang=language,
            t=t,
            screen=screen,
            heading=t(f"pay-heading-{screen}"),
        )
    )
    return web.Response(text=html, content_type="text/html", status=status, headers=HEADERS)


def payment_routes(services: Services) -> list[web.RouteDef]:
    """The notification endpoint always; the provider's own pages: the sandbox's card page, or
    the page a person returns to from YooKassa's."""

    async def notify(request: web.Request) -> web.Response:
        if (request.content_length or 0) > NOTIFICATION_LIMIT:
            return web.json_response({"status": "too large"}, status=413)
        body = await request.content.read(NOTIFICATION_LIMIT + 1)
        if len(body) > NOTIFICATION_LIMIT:
            return web.json_response({"status": "too large"}, status=413)
        client = client_address(
            request.remote,
            request.headers.get("X-Forwarded-For"),
            services.settings.trusted_proxies,
        )
        status = await receive_notification(services, body, dict(request.headers), client)
        return web.json_response({"status": "ok" if status == 200 else "refused"}, status=status)

    routes = [web.post(f"/payments/{services.payments.name}/notify", notify)]
    provider = services.payments
    if isinstance(provider, Sandbox):
        routes += sandbox_routes(services, provider)
    else:
        routes += return_routes(services)
    return routes


def return_routes(services: Services) -> list[web.RouteDef]:
    """Where the provider's page sends the person back: how the binding went, asked of the
    provider when its notification has not come yet."""

    async def returned(request: web.Request) -> web.Response:
        order = request.match_info["order"]
        try:
            async with services.db.unit_of_work():
                binding = await services.franchises.binding(order)
                language = await services.franchises.language_of(binding)
                result = await services.franchises.check(order)
        except UnknownBinding:
            return render(
                services, DEFAULT_LOCALE, "gone", 404, message=_gone(services, DEFAULT_LOCALE)
            )
        except PaymentError as error:  # the provider is not answering: the chat will tell
            logger.warning("payments: a return could not be checked: %s", error.reason)
            result = None
        t = services.catalogue.translator(language).plain
        if result is None:
            return render(services, language, "wait", message=t("pay-waiting"), test=False)
        if not result.bound:
            return render(services, language, "gone", message=t("pay-not-bound"), test=False)
        return render(
            services, language, "done", message=t("pay-bound-back"), success=True, test=False
        )

    return [web.get("/payments/yookassa/return/{order:[0-9a-f]{32}}", returned)]


def sandbox_routes(services: Services, sandbox: Sandbox) -> list[web.RouteDef]:
    async def screen(
        request: web.Request, language: str, screen: str, status: int = 200, **values: Any
    ) -> web.Response:
        action = request.path.removesuffix("/confirm").removesuffix("/cancel")
        return render(services, language, screen, status, action=action, **values)

    async def report(body: bytes) -> None:
        """The provider tells the merchant, as a real one would: a signed notification."""
        await receive_notification(services, body, {SIGNATURE_HEADER: sandbox.sign(body)}, None)

    async def show(request: web.Request) -> web.Response:
        key = request.match_info["key"]
        async with services.db.unit_of_work():
            binding = await sandbox.binding_for(key)
            language = await services.franchises.language_of(binding)
        if binding is None:
            return await screen(request, language, "gone", 410, message=_gone(services, language))
        if binding.status == "challenged" and binding.pending_card:
            face = CardFace.unpack(binding.pending_card)
            return await screen(request, language, "challenge", last4=face.last4)
        return await screen(request, language, "form")

    async def submit(request: web.Request) -> web.Response:
        key = request.match_info["key"]
        form = await request.post()
        number, expiry, cvc = (str(form.get(name) or "") for name in ("number", "expiry", "cvc"))
        async with services.db.unit_of_work():
            binding = await sandbox.binding_for(key)
            language = await services.franchises.language_of(binding)
            t = services.catalogue.translator(language).plain
            if binding is None:
                return await screen(
                    request, language, "gone", 410, message=_gone(services, language)
                )
            today = services.clock.now().astimezone(services.settings.timezone).date()
            checked, card = check_card(number, expiry, cvc, today)
            if card is None:
                field = FIELD_OF.get(checked, "number")
                return await screen(
                    request,
                    language,
                    "form",
                    422,
                    errors={field: t(f"pay-error-{checked.value}")},
                    expiry=expiry[:7] if checked is not CardCheck.EXPIRY else "",
                )
            if card.outcome is Outcome.CHALLENGE:
                binding.status, binding.pending_card = "challenged", card.face.pack()
                return await screen(request, language, "challenge", last4=card.last4)
            bound = card.outcome is Outcome.BOUND
            body = sandbox.notification(
                binding, card.face if bound else None, declining=card.digits == DECLINING
            )
        await report(body)
        if not bound:
            return await screen(
                request, language, "form", 402, message=t("pay-declined"), success=False
            )
        return await screen(
            request, language, "done", message=t("pay-bound", last4=card.last4), success=True
        )

    async def second_step(request: web.Request) -> web.Response:
        key, confirmed = request.match_info["key"], request.path.endswith("/confirm")
        async with services.db.unit_of_work():
            binding = await sandbox.binding_for(key)
            language = await services.franchises.language_of(binding)
            t = services.catalogue.translator(language).plain
            if binding is None or binding.status != "challenged" or not binding.pending_card:
                return await screen(
                    request, language, "gone", 410, message=_gone(services, language)
                )
            face = CardFace.unpack(binding.pending_card)
            if not confirmed:
                binding.status, binding.pending_card = "pending", None
                return await screen(request, language, "form", message=t("pay-challenge-cancelled"))
            body = sandbox.notification(binding, face)
        await report(body)
        return await screen(
            request, language, "done", message=t("pay-bound", last4=face.last4), success=True
        )

    path = "/pay/sandbox/{key:[A-Za-z0-9_-]{16,64}}"
    return [
        web.get(path, show),
        web.post(path, submit),
        web.post(path + "/confirm", second_step),
        web.post(path + "/cancel", second_step),
    ]


def _gone(services: Services, language: str) -> str:
    return services.catalogue.translator(language).plain("pay-link-gone")
