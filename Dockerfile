# dms-assistant: one `dmsbot run` per container (webhook mode behind nginx: docker-compose.yml).
#   docker build -t dms-assistant .
# Settings come from the environment (deploy/dmsbot.env.example lists the production ones).
# Written and reviewed by reading: no Docker engine runs where it was written (docs/operations.md).

# --- build: a virtual environment with the bot and its pinned dependencies -------------------------
FROM python:3.11-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/dmsbot/.venv
WORKDIR /src
# What `pip install .` needs: pyproject.toml (its readme is README.md) and the packages it lists;
# the locales, legal texts, fonts, data, templates and migrations ride along as package data.
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY core ./core
COPY storage ./storage
COPY standin ./standin
RUN /opt/dmsbot/.venv/bin/pip install .

# --- run ---------------------------------------------------------------------------------------
FROM python:3.11-slim
RUN groupadd --system dmsbot \
    && useradd --system --gid dmsbot --home-dir /var/lib/dmsbot --shell /usr/sbin/nologin dmsbot \
    && mkdir -p /var/lib/dmsbot \
    && chown dmsbot:dmsbot /var/lib/dmsbot \
    && chmod 0750 /var/lib/dmsbot
COPY --from=build /opt/dmsbot/.venv /opt/dmsbot/.venv
ENV PATH=/opt/dmsbot/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DATA_DIR=/var/lib/dmsbot \
    WEB_HOST=0.0.0.0 \
    WEB_PORT=8080
# No .env here: settings come from the environment only.
WORKDIR /opt/dmsbot
USER dmsbot
VOLUME ["/var/lib/dmsbot"]
EXPOSE 8080
# SIGTERM: the bot finishes the updates in hand (give it 30 s: `docker stop -t 30`,
# compose's stop_grace_period) and leaves the webhook set for the other instances.
STOPSIGNAL SIGTERM
# 200 when the database and Telegram answer; 503 (so urlopen raises) naming what fails.
# No curl in the slim image: Python's urllib.
HEALTHCHECK --interval=30s --timeout=15s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('WEB_PORT', '8080'), timeout=12)"]
CMD ["dmsbot", "run"]
